/** Small pieces shared by the views. */

import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Outcome } from './types';

/**
 * A table's frame, which scrolls sideways when the table is wider; focusable so keyboard users can scroll it too.
 * At a phone's width the rows stack instead (styles.css), each cell labelled by its `data-label`.
 */
export function TableWrap({ label, children }: { label: string; children: ComponentChildren }) {
  const frame = useRef<HTMLDivElement>(null);
  // After every render, since rows come and go.
  useLayoutEffect(() => {
    if (frame.current) restoreTableRoles(frame.current);
  });
  return (
    <div class="table-wrap" role="region" aria-label={label} tabIndex={0} ref={frame}>
      {children}
    </div>
  );
}

const TABLE_ROLES: Record<string, string> = { TABLE: 'table', THEAD: 'rowgroup', TBODY: 'rowgroup', TR: 'row', TD: 'cell' };

/**
 * States the tables' roles explicitly: some browsers (Safari) stop exposing a table as one to screen readers once
 * its elements are `display: block`, as the stacked layout makes them.
 */
export function restoreTableRoles(root: Element): void {
  for (const element of root.querySelectorAll('table, thead, tbody, tr, th, td')) {
    if (element.hasAttribute('role')) continue;
    const role =
      element.tagName === 'TH' ? (element.getAttribute('scope') === 'row' ? 'rowheader' : 'columnheader') : TABLE_ROLES[element.tagName];
    element.setAttribute('role', role);
  }
}

export function Alert({ message }: { message: string | null }) {
  return message ? (
    <p class="alert" role="alert">
      {message}
    </p>
  ) : null;
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

export function LoadMore({ onClick }: { onClick: () => void }) {
  return (
    <p class="more">
      <button type="button" onClick={onClick}>
        Load more
      </button>
    </p>
  );
}

export function Loading() {
  return <p class="loading">Loading…</p>;
}

export function OutcomeBadge({ outcome }: { outcome: Outcome }) {
  return <span class={`badge outcome-${outcome.toLowerCase()}`}>{outcome}</span>;
}

export function ViewHeading({ children }: { children: ComponentChildren }) {
  return (
    <h2 id="view-heading" class="view-heading" tabIndex={-1}>
      {children}
    </h2>
  );
}
