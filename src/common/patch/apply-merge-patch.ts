/**
 * Applies a PATCH body to a stored model with JSON Merge Patch semantics (RFC 7386): objects merge
 * key by key at every depth, `null` removes a key, anything else (arrays included) replaces.
 * This is OrderCloud's "partial for every nested sub-model" PATCH.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
