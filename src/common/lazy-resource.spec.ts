import { LazyResource } from './lazy-resource';

describe('LazyResource', () => {
  const signal = new AbortController().signal;

  it('makes the resource once for every use meanwhile', async () => {
    let makings = 0;
    const resource = new LazyResource(async () => ++makings);
    expect(await Promise.all([resource.get(signal), resource.get(signal)])).toEqual([1, 1]);
    expect(await resource.get(signal)).toBe(1);
  });

  it('makes it again after a failed making, and after forget()', async () => {
    let makings = 0;
    const resource = new LazyResource(async () => {
      if (++makings === 1) throw new Error('unreachable');
      return makings;
    });
    await expect(resource.get(signal)).rejects.toThrow('unreachable');
    expect(await resource.get(signal)).toBe(2);
    resource.forget();
    expect(await resource.get(signal)).toBe(3);
  });

  it('makes it again once older than its maximum age', async () => {
    let makings = 0;
    const resource = new LazyResource(async () => ++makings, 0);
    expect(await resource.get()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await resource.get()).toBe(2);
  });

  it('makes it again for a use that needs one begun later than the one in hand, and shares that one', async () => {
    let makings = 0;
    const resource = new LazyResource(async () => ++makings);
    const before = Date.now();
    expect(await resource.get()).toBe(1);
    expect(await resource.getMadeSince(before)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const since = Date.now();
    expect(await Promise.all([resource.getMadeSince(since), resource.getMadeSince(since), resource.get()])).toEqual([2, 2, 2]);
  });

  it('tells the making when it began, by the clock getMadeSince compares with', async () => {
    let clock = 1_000;
    const now = jest.spyOn(Date, 'now').mockImplementation(() => clock++);
    try {
      const resource = new LazyResource(async (_signal, begunAt) => ({ begunAt }));
      const made = await resource.get();
      expect(await resource.getMadeSince(made.begunAt)).toBe(made);
      expect(await resource.getMadeSince(made.begunAt + 1)).not.toBe(made);
    } finally {
      now.mockRestore();
    }
  });
});
