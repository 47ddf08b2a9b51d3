import { ValidationFailureError } from '../../src';

/** The `{direction}` of an orders route, from the caller's side. */
export type OrderDirection = 'Incoming' | 'Outgoing' | 'All';

const DIRECTIONS: OrderDirection[] = ['Incoming', 'Outgoing', 'All'];

/** Reads a route's direction, in any case (the SDK sends `Outgoing`, a browser may send `outgoing`). */
export function parseOrderDirection(value: string): OrderDirection {
  const direction = DIRECTIONS.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
  if (!direction) {
    throw new ValidationFailureError({ property: 'direction', message: `direction must be Incoming, Outgoing or All, got "${value}".` });
  }
  return direction;
}
