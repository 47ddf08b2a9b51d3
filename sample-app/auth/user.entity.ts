import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** An admin or buyer user of the sample shop. */
@Entity({ name: 'sample_users' })
@Unique('UQ_sample_users_username', ['username'])
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 100, primaryKeyConstraintName: 'PK_sample_users' })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  username: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 200 })
  passwordHash: string;

  /** `admin` or `buyer`, the OrderCloud `usrtype` claim. */
  @Column({ name: 'user_type', type: 'varchar', length: 20 })
  userType: string;

  @Column({ type: 'simple-array' })
  roles: string[];

  @Column({ name: 'first_name', type: 'varchar', length: 100 })
  firstName: string;

  @Column({ name: 'last_name', type: 'varchar', length: 100 })
  lastName: string;

  @Column({ type: 'varchar', length: 200 })
  email: string;

  @Column({ type: 'boolean' })
  active: boolean;

  /** Such as `en-US`: the language of the user's tracking events. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  locale: string | null;
}
