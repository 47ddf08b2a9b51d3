import type { EntityMetadata } from 'typeorm';

type ColumnMetadata = EntityMetadata['columns'][number];

/**
 * A value as its column can store it. A string loses what the database would refuse the whole row for:
 * the NUL character (PostgreSQL's text cannot hold it; it becomes U+FFFD) and what runs past the column's
 * length (cut there). For the records the library keeps of deliveries, whose IDs come from the host's
 * context and may come from a shopper's browser: one such row must not stop the others being written.
 */
export function fitToColumn(value: unknown, column: ColumnMetadata): unknown {
  if (typeof value !== 'string') return value;
  let fitted = value.includes('\0') ? value.replaceAll('\0', '\uFFFD') : value;
  const length = Number(column.length);
  if (length > 0 && fitted.length > length) {
    fitted = fitted.slice(0, length);
    // A cut between the two halves of a surrogate pair leaves half a character.
    if (/[\uD800-\uDBFF]$/.test(fitted)) fitted = fitted.slice(0, -1);
  }
  return fitted;
}

/** A copy of an entity's row with every column's value fitted to it (`fitToColumn`). */
export function fitToColumns<T extends object>(metadata: EntityMetadata, row: T): T {
  const fitted = { ...row };
  for (const column of metadata.columns) {
    const value = column.getEntityValue(row);
    const fittedValue = fitToColumn(value, column);
    if (fittedValue !== value) column.setEntityValue(fitted, fittedValue);
  }
  return fitted;
}
