import { boundedMemo } from './bounded-memo';

describe('boundedMemo', () => {
  it('makes the value of a key once', () => {
    const make = jest.fn((key: string) => ({ key }));
    const memo = boundedMemo(make);

    expect(memo('a')).toBe(memo('a'));
    expect(memo('b')).toEqual({ key: 'b' });
    expect(make.mock.calls).toEqual([['a'], ['b']]);
  });

  it('forgets every value once it holds the most it may, and makes them again', () => {
    const make = jest.fn((key: string) => ({ key }));
    const memo = boundedMemo(make, 2);
    const first = memo('a');
    memo('b');

    memo('c');
    expect(memo('a')).not.toBe(first);
    expect(make.mock.calls.map(([key]) => key)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('makes an invalid key fail each time it is asked for, remembering nothing', () => {
    const memo = boundedMemo((key: string) => new URL(key));

    expect(() => memo('not a url')).toThrow('Invalid URL');
    expect(() => memo('not a url')).toThrow('Invalid URL');
  });
});
