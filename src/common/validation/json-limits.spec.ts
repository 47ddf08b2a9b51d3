import { MAX_JSON_DEPTH, unsafeJsonProblem } from './json-limits';

/** `depth` levels of `{"a": …}` around a 1, the outermost object being level 1. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return value;
}

describe('unsafeJsonProblem', () => {
  it('accepts plain bodies and scalars', () => {
    expect(
      unsafeJsonProblem({ Name: 'x', DeliveryTargets: { Http: { Endpoint: 'https://x' } }, Items: [1, [2], { b: null }] }),
    ).toBeUndefined();
    for (const scalar of [undefined, null, 'text', 42, true]) expect(unsafeJsonProblem(scalar)).toBeUndefined();
  });

  it('accepts 32 levels and refuses 33, naming where the limit is crossed', () => {
    expect(MAX_JSON_DEPTH).toBe(32);
    expect(unsafeJsonProblem(nested(32))).toBeUndefined();
    expect(unsafeJsonProblem(nested(33))).toEqual({
      property: Array(32).fill('a').join('.'),
      message: 'The request body is nested deeper than 32 levels.',
    });
  });

  it('counts arrays as levels and names their indexes', () => {
    expect(unsafeJsonProblem({ xp: [[[1]]] }, 3)).toEqual({
      property: 'xp[0][0]',
      message: 'The request body is nested deeper than 3 levels.',
    });
    expect(unsafeJsonProblem({ xp: [[1]] }, 3)).toBeUndefined();
  });

  it('walks bodies far deeper than the call stack allows, without overflowing', () => {
    const deep = JSON.parse('['.repeat(200_000) + ']'.repeat(200_000));
    expect(unsafeJsonProblem(deep)?.message).toBe('The request body is nested deeper than 32 levels.');
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s at any depth, naming its path', (key) => {
    const body = JSON.parse(`{"DeliveryTargets":{"Http":{"Endpoint":"https://x"},"${key}":{"x":1}}}`);
    expect(unsafeJsonProblem(body)).toEqual({
      property: `DeliveryTargets.${key}`,
      message: `DeliveryTargets.${key} is not allowed: __proto__, constructor and prototype cannot be used as keys.`,
    });
    expect(unsafeJsonProblem(JSON.parse(`[{"${key}":1}]`))?.property).toBe(`[0].${key}`);
  });

  it('leaves keys that merely contain those words alone', () => {
    expect(unsafeJsonProblem({ xp: { constructorName: 1, proto: 2, Prototype: 3 } })).toBeUndefined();
  });

  it('refuses the NUL character in a string or a key at any depth, naming where it is', () => {
    expect(unsafeJsonProblem({ Name: 'a\u0000b' })).toEqual({
      property: 'Name',
      message: 'Name holds the NUL character (U+0000), which cannot be stored.',
    });
    expect(unsafeJsonProblem({ xp: { tags: ['ok', '\u0000'] } })?.property).toBe('xp.tags[1]');
    expect(unsafeJsonProblem({ xp: { 'a\u0000': 1 } })).toEqual({
      property: 'xp',
      message: 'xp holds the NUL character (U+0000), which cannot be stored.',
    });
    expect(unsafeJsonProblem('\u0000')?.message).toBe('The request body holds the NUL character (U+0000), which cannot be stored.');
    expect(unsafeJsonProblem({ Name: 'a\u0001b\u200b', xp: { '%00': '\\u0000' } })).toBeUndefined();
  });
});
