/**
 * The library ships migrations for PostgreSQL and SQLite only.
 * @publicApi
 */
export class UnsupportedDatabaseError extends Error {
  constructor(type: string) {
    super(
      `TrackingEvents migrations support PostgreSQL and SQLite, not "${type}". Create the tables with ` +
        'TypeORM synchronize or a migration generated from TRACKING_EVENTS_ENTITIES (typeorm migration:generate).',
    );
    this.name = this.constructor.name;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
