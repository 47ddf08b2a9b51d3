import type { PropertyProblem } from '../errors';

/** How many levels of objects and arrays a request body may nest; the body itself is level 1. */
export const MAX_JSON_DEPTH = 32;

/** Keys that reach an object's prototype once a body's keys become object keys (targets, `xp`, PATCH merges). */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The first thing in a parsed JSON body that the server refuses before reading it: nesting deeper
 * than `maxDepth`, a `__proto__`, `constructor` or `prototype` key, or the NUL character (U+0000) in
 * a string or key, which no stored value can hold (PostgreSQL's text refuses it), with its dotted path.
 * It walks with a stack of its own: a body deep enough to be refused is one that recursion would overflow on.
 */
export function unsafeJsonProblem(body: unknown, maxDepth = MAX_JSON_DEPTH): PropertyProblem | undefined {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value: body, path: '', depth: 1 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path, depth } = next;
    if (typeof value === 'string' && value.includes('\0')) return nulProblem(path);
    if (typeof value !== 'object' || value === null) continue;
    if (depth > maxDepth) return { property: path, message: `The request body is nested deeper than ${maxDepth} levels.` };
    if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push({ value: item, path: `${path}[${index}]`, depth: depth + 1 }));
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\0')) return nulProblem(path);
      const property = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) {
        return { property, message: `${property} is not allowed: __proto__, constructor and prototype cannot be used as keys.` };
      }
      pending.push({ value: item, path: property, depth: depth + 1 });
    }
  }
  return undefined;
}

function nulProblem(path: string): PropertyProblem {
  return { property: path, message: `${path || 'The request body'} holds the NUL character (U+0000), which cannot be stored.` };
}
