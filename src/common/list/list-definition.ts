/** How one API property of a listable resource maps to the database. */
export interface ListField {
  /** Entity property the API property is stored in. */
  property: string;
  /** `integer`: a whole number in SQL's INTEGER range (32 bits); a filter outside it is refused, not sent to the database. */
  type: 'string' | 'boolean' | 'number' | 'integer' | 'date';
  searchable?: boolean;
  sortable?: boolean;
}

/** The list contract of one resource: which properties can be filtered, searched and sorted. */
export interface ListDefinition {
  /** API property name (as clients spell it) → field. Every field can be filtered. */
  fields: Record<string, ListField>;
  /** The order when `sortBy` is not given; ID ascending unless set. */
  defaultSort?: Array<{ field: string; descending: boolean }>;
}
