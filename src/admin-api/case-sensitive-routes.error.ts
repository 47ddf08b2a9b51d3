/**
 * Thrown at boot on Fastify when its router matches paths case-sensitively: OrderCloud paths are not
 * (`/integrations/TrackingEvents` is `/integrations/trackingevents`), as on Express by default.
 * @publicApi
 */
export class CaseSensitiveRoutesError extends Error {
  constructor() {
    super(
      'The admin API answers its paths in any case, as OrderCloud does, but the Fastify router is case-sensitive: ' +
        'create the adapter with `new FastifyAdapter({ routerOptions: { caseSensitive: false } })`.',
    );
    this.name = this.constructor.name;
  }
}
