import { routeFromHash } from './routes';

describe('routeFromHash', () => {
  it('reads the view from the hash, the overview by default', () => {
    expect(routeFromHash('')).toBe('overview');
    expect(routeFromHash('#/overview')).toBe('overview');
    expect(routeFromHash('#/deliveries')).toBe('deliveries');
    expect(routeFromHash('#/dead-letters')).toBe('dead-letters');
    expect(routeFromHash('#circuits')).toBe('circuits');
    expect(routeFromHash('#/circuits?x=1')).toBe('circuits');
    expect(routeFromHash('#/nowhere')).toBe('overview');
  });
});
