import { entriesToReadAfter, StreamEntry } from './capture-stream-router';

/** A stream entry holding `events` events. */
function entry(events: number): StreamEntry {
  return [`${events}-0`, Array.from({ length: events }, () => ['event', '{}']).flat()];
}

describe('entriesToReadAfter', () => {
  it('reads one entry at a time when each holds a whole batch of events', () => {
    expect(entriesToReadAfter([entry(500), entry(500)])).toBe(1);
    expect(entriesToReadAfter([entry(250)])).toBe(2);
  });

  it('reads up to 20 entries when they are small (a quiet shop flushes one or two events at a time)', () => {
    expect(entriesToReadAfter([entry(1)])).toBe(20);
    expect(entriesToReadAfter([entry(50), entry(50)])).toBe(10);
  });

  it('counts an entry deleted since it was read (no fields) as holding no events', () => {
    expect(entriesToReadAfter([entry(500), ['1-1', null]])).toBe(2);
  });
});
