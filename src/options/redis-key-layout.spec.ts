import { InvalidTrackingEventsOptionError } from './invalid-tracking-events-option.error';
import { keepsOneSlot, redisKeyLayout } from './redis-key-layout';

describe('redisKeyLayout', () => {
  it('keeps the key names of a single Redis as they always were, braces in the prefix or not', () => {
    for (const prefix of ['bull', '{bull}', '{}x']) {
      const layout = redisKeyLayout(prefix, false);
      expect(layout.libraryKeyPrefix).toBe(`${prefix}:tracking-events`);
      expect(layout.queueName('tracking-events-target-http')).toBe('tracking-events-target-http');
    }
  });

  it('on a cluster, gives each queue a slot of its own and the library its own tag when the prefix has no tag', () => {
    const layout = redisKeyLayout('bull', true);
    expect(layout.queueName('tracking-events-intake')).toBe('{tracking-events-intake}');
    expect(layout.queueName('tracking-events-target-http')).toBe('{tracking-events-target-http}');
    expect(layout.libraryKeyPrefix).toBe('bull:{tracking-events}');
  });

  it("on a cluster, keeps everything in the slot of the host's own hash tag", () => {
    const layout = redisKeyLayout('{shop}', true);
    expect(layout.queueName('tracking-events-intake')).toBe('tracking-events-intake');
    expect(layout.libraryKeyPrefix).toBe('{shop}:tracking-events');
    expect(redisKeyLayout('eu-{shop}.v2', true).queueName('tracking-events-intake')).toBe('tracking-events-intake');
  });

  it('refuses, on a cluster, a prefix whose braces would spread a queue over several slots, and says the fix', () => {
    for (const prefix of ['{}bull', 'bull{}', 'a{}{b}']) {
      expect(() => redisKeyLayout(prefix, true)).toThrow(InvalidTrackingEventsOptionError);
      expect(() => redisKeyLayout(prefix, true)).toThrow(/queuePrefix.*several Redis Cluster slots.*Fix: .*"\{bull\}"/);
    }
  });
});

describe('keepsOneSlot', () => {
  it("follows Redis's hash tag rule: the first {, the first } after it, and something between", () => {
    expect(keepsOneSlot('bull:{q}:')).toBe(true);
    expect(keepsOneSlot('a{b:{q}:')).toBe(true);
    expect(keepsOneSlot('bull:q:')).toBe(false);
    expect(keepsOneSlot('{}:{q}:')).toBe(false);
    expect(keepsOneSlot('bull:{q')).toBe(false);
  });
});
