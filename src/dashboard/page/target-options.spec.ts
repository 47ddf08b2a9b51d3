import { targetLabel, targetTypeOptions } from './target-options';

const known = [
  { DeliveryConfigID: 'segment-prod', DeliveryConfigName: 'Segment (prod)', TargetType: 'Segment' },
  { DeliveryConfigID: 'http-receiver', DeliveryConfigName: null, TargetType: 'Http' },
  { DeliveryConfigID: 'http-2', DeliveryConfigName: 'Other', TargetType: 'Http' },
];

describe('targetTypeOptions', () => {
  it('lists each type once, sorted, with the current choice kept', () => {
    expect(targetTypeOptions(known, '')).toEqual(['Http', 'Segment']);
    expect(targetTypeOptions(known, 'Klaviyo')).toEqual(['Http', 'Klaviyo', 'Segment']);
  });
});

describe('targetLabel', () => {
  it("uses the config's name when known, else its ID", () => {
    expect(targetLabel(known, 'segment-prod', 'Segment')).toBe('Segment (prod) · Segment');
    expect(targetLabel(known, 'http-receiver', 'Http')).toBe('http-receiver · Http');
    expect(targetLabel([], 'x', 'Http')).toBe('x · Http');
  });
});
