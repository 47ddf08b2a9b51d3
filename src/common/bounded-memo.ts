/**
 * `make` memoized per key, for values derived from configuration (a secret's key object, a parsed
 * endpoint) that the delivery path would otherwise rebuild for every delivery. Configuration holds a
 * handful; should it churn, everything is forgotten once `maxEntries` are held, so memory stays bounded.
 */
export function boundedMemo<T>(make: (key: string) => T, maxEntries = 1_000): (key: string) => T {
  const values = new Map<string, T>();
  return (key) => {
    let value = values.get(key);
    if (value === undefined) {
      if (values.size >= maxEntries) values.clear();
      value = make(key);
      values.set(key, value);
    }
    return value;
  };
}
