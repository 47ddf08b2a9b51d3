/** Hash routes of the dashboard. Pure: Jest tests it in Node. */

export type Route = 'overview' | 'deliveries' | 'dead-letters' | 'circuits';

export const ROUTES: Array<{ route: Route; label: string }> = [
  { route: 'overview', label: 'Overview' },
  { route: 'deliveries', label: 'Deliveries' },
  { route: 'dead-letters', label: 'Dead letters' },
  { route: 'circuits', label: 'Circuits' },
];

/** "#/deliveries" → "deliveries"; anything unknown is the overview. */
export function routeFromHash(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[?/]/)[0];
  return ROUTES.find((entry) => entry.route === name)?.route ?? 'overview';
}
