import { KeyedSequence } from './keyed-sequence';

/** A promise the test settles when it chooses. */
function gate(): { promise: Promise<void>; open: () => void; fail: (error: Error) => void } {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<void>((resolve, reject) => ((open = resolve), (fail = reject)));
  return { promise, open, fail };
}

/** Lets every callback already due run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyedSequence', () => {
  it('starts work on a key only once the earlier work on it has settled, in the order of the calls', async () => {
    const sequence = new KeyedSequence();
    const started: string[] = [];
    const first = gate();
    const second = gate();
    const runs = [
      sequence.run(['order-1'], async () => (started.push('first'), first.promise)),
      sequence.run(['order-1'], async () => (started.push('second'), second.promise)),
      sequence.run(['order-1'], async () => void started.push('third')),
    ];
    await settle();
    expect(started).toEqual(['first']);
    first.open();
    await settle();
    expect(started).toEqual(['first', 'second']);
    second.open();
    await Promise.all(runs);
    expect(started).toEqual(['first', 'second', 'third']);
    expect(sequence.pendingKeys).toBe(0);
  });

  it('runs work on other keys alongside', async () => {
    const sequence = new KeyedSequence();
    const started: string[] = [];
    const blocked = gate();
    const first = sequence.run(['order-1'], async () => (started.push('order-1'), blocked.promise));
    const other = sequence.run(['order-2'], async () => void started.push('order-2'));
    await other;
    expect(started).toEqual(['order-1', 'order-2']);
    blocked.open();
    await first;
  });

  it('makes work on several keys wait for each of them, and later work on any of them wait for it', async () => {
    const sequence = new KeyedSequence();
    const started: string[] = [];
    const one = gate();
    const two = gate();
    const both = gate();
    const runs = [
      sequence.run(['order-1'], async () => (started.push('one'), one.promise)),
      sequence.run(['order-2'], async () => (started.push('two'), two.promise)),
      sequence.run(['order-1', 'order-2', 'order-1'], async () => (started.push('both'), both.promise)),
      sequence.run(['order-2'], async () => void started.push('two again')),
    ];
    one.open();
    await settle();
    expect(started).toEqual(['one', 'two']);
    two.open();
    await settle();
    expect(started).toEqual(['one', 'two', 'both']);
    both.open();
    await Promise.all(runs);
    expect(started).toEqual(['one', 'two', 'both', 'two again']);
  });

  it('passes a failure to its caller and still lets the next work on the key run', async () => {
    const sequence = new KeyedSequence();
    const failing = gate();
    const first = sequence.run(['order-1'], () => failing.promise);
    const next = sequence.run(['order-1'], async () => 'next');
    failing.fail(new Error('target down'));
    await expect(first).rejects.toThrow('target down');
    await expect(next).resolves.toBe('next');
    expect(sequence.pendingKeys).toBe(0);
  });
});
