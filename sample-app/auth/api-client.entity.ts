import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An OrderCloud-style API client: the application a token is issued to. */
@Entity({ name: 'sample_api_clients' })
export class ApiClientEntity {
  @PrimaryColumn({ type: 'varchar', length: 100, primaryKeyConstraintName: 'PK_sample_api_clients' })
  id: string;

  @Column({ name: 'app_name', type: 'varchar', length: 100 })
  appName: string;

  /** Lets a storefront get anonymous shopper tokens (`client_credentials` without a secret). */
  @Column({ name: 'allow_anonymous', type: 'boolean' })
  allowAnonymous: boolean;

  /** User types that may log in through this client (`admin`, `buyer`). */
  @Column({ name: 'allowed_user_types', type: 'simple-array' })
  allowedUserTypes: string[];
}
