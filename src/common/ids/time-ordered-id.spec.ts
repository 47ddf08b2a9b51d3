import { validate, version } from 'uuid';
import { timeOrderedId } from './time-ordered-id';

describe('timeOrderedId', () => {
  it('makes UUIDs of version 7 carrying the time they were made at', () => {
    const before = Date.now();
    const id = timeOrderedId();
    const after = Date.now();

    expect(validate(id)).toBe(true);
    expect(version(id)).toBe(7);
    const msecs = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(msecs).toBeGreaterThanOrEqual(before);
    expect(msecs).toBeLessThanOrEqual(after);
  });

  it('makes unique IDs that sort in the order they were made, many within a millisecond', () => {
    const ids = Array.from({ length: 100_000 }, () => timeOrderedId());

    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
