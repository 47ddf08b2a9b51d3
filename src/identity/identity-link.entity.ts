import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * "This anonymous shopper is this user": the two IDs and when they were linked, nothing else.
 * @publicApi
 */
@Entity({ name: 'oc_identity_links' })
export class IdentityLinkEntity {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 100, primaryKeyConstraintName: 'PK_oc_identity_links' })
  userId: string;

  /** The anonymous shopper ID: the browser beacon ID, or the ID the host generated. */
  @PrimaryColumn({ name: 'anonymous_id', type: 'varchar', length: 100, primaryKeyConstraintName: 'PK_oc_identity_links' })
  anonymousId: string;

  /** Set by the library to the millisecond (SQLite's own clock counts whole seconds): the latest link is the current one. */
  @Column({ name: 'linked_at', type: Date })
  linkedAt: Date;
}
