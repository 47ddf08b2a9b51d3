/** One `|`-separated alternative of a filter value. */
export interface FilterTerm {
  negate: boolean;
  operator: '=' | '>' | '<' | '>=' | '<=' | 'like' | 'exists';
  /** Comparison value; for `like`, a SQL LIKE pattern with `\` as escape character. */
  value: string | boolean | number | Date | null;
}

/** One filter query parameter: any of its terms may match. Several filters must all match. */
export interface ListFilter {
  field: string;
  terms: FilterTerm[];
}

export interface ListSort {
  field: string;
  descending: boolean;
}

/** A validated OrderCloud list request. */
export interface ListQuery {
  page: number;
  pageSize: number;
  search?: { text: string; fields: string[] };
  sort: ListSort[];
  filters: ListFilter[];
}

/** The list response body. */
export interface ListPage<T> {
  Meta: {
    Page: number;
    PageSize: number;
    TotalCount: number;
    TotalPages: number;
    /** 1-based numbers of the first and last item of this page. */
    ItemRange: [number, number];
  };
  Items: T[];
}
