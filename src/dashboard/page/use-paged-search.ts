/** A filtered list view's state: the filters being typed and those applied, the pages loaded, the rows opened. */

import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { uniqueById } from './group';
import type { ListPage } from './types';
import { usePolling, type Polling } from './use-polling';

export interface LoadedPages<Item> {
  items: Item[];
  totalCount: number;
  totalPages: number;
}

export interface PagedSearch<Filters, Item> extends Polling {
  draft: Filters;
  applied: Filters;
  /** An input's or select's handler that sets one field of the draft. */
  set: (field: keyof Filters) => (event: JSX.TargetedEvent<HTMLInputElement | HTMLSelectElement>) => void;
  /** Applies the draft, from the first page again. */
  apply: () => void;
  result: LoadedPages<Item> | null;
  hasMore: boolean;
  loadMore: () => void;
  expanded: ReadonlySet<string>;
  toggle: (id: string) => void;
}

export function usePagedSearch<Filters extends object, Item extends { ID: string }>(
  empty: Filters,
  fetchPage: (filters: Filters, page: number, signal: AbortSignal) => Promise<ListPage<Item>>,
): PagedSearch<Filters, Item> {
  const [draft, setDraft] = useState<Filters>(empty);
  const [applied, setApplied] = useState<Filters>(empty);
  const [pages, setPages] = useState(1);
  const [result, setResult] = useState<LoadedPages<Item> | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  const polling = usePolling(
    async (signal) => {
      // Every loaded page again: rows shift between pages as new ones arrive.
      const items: Item[] = [];
      let totalCount = 0;
      let totalPages = 1;
      for (let page = 1; page <= pages; page++) {
        const answer = await fetchPage(applied, page, signal);
        items.push(...answer.Items);
        totalCount = answer.Meta.TotalCount;
        totalPages = answer.Meta.TotalPages;
        if (page >= totalPages) break;
      }
      if (!signal.aborted) setResult({ items: uniqueById(items), totalCount, totalPages });
    },
    [applied, pages],
  );

  return {
    ...polling,
    draft,
    applied,
    set: (field) => (event) => {
      const value = event.currentTarget.value;
      setDraft((current) => ({ ...current, [field]: value }));
    },
    apply: () => {
      setPages(1);
      setApplied({ ...draft });
    },
    result,
    hasMore: result !== null && pages < result.totalPages,
    loadMore: () => setPages((count) => count + 1),
    expanded,
    toggle: (id) =>
      setExpanded((current) => {
        const next = new Set(current);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
  };
}
