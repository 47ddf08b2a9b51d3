import { applyMergePatch } from './apply-merge-patch';

describe('applyMergePatch', () => {
  const stored = { Name: 'n', Enabled: true, DeliveryTargets: { Http: { Endpoint: 'e', Secret: 's' }, SendEvent: { SiteID: 'x' } } };

  it('merges nested objects key by key and keeps what the patch does not name', () => {
    expect(applyMergePatch(stored, { DeliveryTargets: { Http: { Endpoint: 'e2' } } })).toEqual({
      Name: 'n',
      Enabled: true,
      DeliveryTargets: { Http: { Endpoint: 'e2', Secret: 's' }, SendEvent: { SiteID: 'x' } },
    });
  });

  it('removes a key given as null', () => {
    expect(applyMergePatch(stored, { DeliveryTargets: { SendEvent: null } })).toEqual({
      Name: 'n',
      Enabled: true,
      DeliveryTargets: { Http: { Endpoint: 'e', Secret: 's' } },
    });
  });

  it('replaces arrays and scalars, and objects given in place of scalars', () => {
    expect(applyMergePatch({ a: [1, 2], b: 1 }, { a: [3], b: { c: 1 } })).toEqual({ a: [3], b: { c: 1 } });
  });

  it('does not change the stored object', () => {
    const before = JSON.stringify(stored);
    applyMergePatch(stored, { Name: 'other', DeliveryTargets: { Http: null } });
    expect(JSON.stringify(stored)).toBe(before);
  });

  it('returns a patch that is not an object as the new value', () => {
    expect(applyMergePatch({ a: 1 }, 'text')).toBe('text');
  });
});
