import { resolvesWithin } from './resolves-within';

describe('resolvesWithin', () => {
  it('says whether the work resolved before the time ran out', async () => {
    expect(await resolvesWithin(Promise.resolve(), 50)).toBe(true);
    expect(await resolvesWithin(new Promise((resolve) => setTimeout(resolve, 200)), 20)).toBe(false);
  });

  it("passes on the work's failure", async () => {
    await expect(resolvesWithin(Promise.reject(new Error('closed badly')), 50)).rejects.toThrow('closed badly');
  });
});
