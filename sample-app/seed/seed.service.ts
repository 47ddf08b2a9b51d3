import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ApiClientEntity } from '../auth/api-client.entity';
import { hashPassword } from '../auth/password-hasher';
import { UserEntity } from '../auth/user.entity';
import { toCents } from '../catalog/money';
import { ProductEntity } from '../catalog/product.entity';
import type { SampleConfig } from '../config/sample-config';
import { SAMPLE_CONFIG } from '../config/sample-config.token';

/** The API client admins sign in with, to the delivery dashboard among others. */
export const ADMIN_PORTAL_CLIENT_ID = 'admin-portal';

export const SEED_API_CLIENTS: ApiClientEntity[] = [
  { id: 'storefront', appName: 'Storefront', allowAnonymous: true, allowedUserTypes: ['buyer'] },
  { id: ADMIN_PORTAL_CLIENT_ID, appName: 'Admin portal', allowAnonymous: false, allowedUserTypes: ['admin'] },
];

export const SEED_USERS: Array<Omit<UserEntity, 'passwordHash'> & { password: string }> = [
  {
    id: 'admin',
    username: 'admin',
    password: 'Admin#2026',
    userType: 'admin',
    roles: ['FullAccess'],
    firstName: 'Ada',
    lastName: 'Admin',
    email: 'admin@example.com',
    active: true,
    locale: 'en-US',
  },
  {
    id: 'buyer01',
    username: 'buyer01',
    password: 'Buyer#2026',
    userType: 'buyer',
    roles: ['Shopper'],
    firstName: 'Bea',
    lastName: 'Buyer',
    email: 'buyer01@example.com',
    active: true,
    locale: 'en-US',
  },
];

/** The demo catalog, priced in the shop currency (USD). */
export const SEED_PRODUCTS: Array<Omit<ProductEntity, 'priceCents'> & { price: number }> = [
  { id: 'coffee-beans', name: 'Coffee beans', description: 'Whole beans, medium roast, 1 kg.', price: 12.5, active: true },
  {
    id: 'espresso-machine',
    name: 'Espresso machine',
    description: 'Dual boiler espresso machine with a steam wand.',
    price: 499,
    active: true,
  },
  { id: 'mug', name: 'Mug', description: 'Stoneware mug, 350 ml.', price: 8, active: true },
];

/**
 * Adds the demo API clients, users and products that are missing; what exists is left as it is.
 * Only when asked (SEED_DEMO): the demo passwords are public, so a production database never gets them by default.
 */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('SampleSeed');

  constructor(
    @Inject(SAMPLE_CONFIG) private readonly config: SampleConfig,
    @InjectRepository(ApiClientEntity) private readonly clients: Repository<ApiClientEntity>,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(ProductEntity) private readonly products: Repository<ProductEntity>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo) return;
    // INSERT ... ON CONFLICT DO NOTHING: several processes may seed the same database at once.
    await this.clients.createQueryBuilder().insert().values(SEED_API_CLIENTS).orIgnore().execute();
    await this.products
      .createQueryBuilder()
      .insert()
      .values(SEED_PRODUCTS.map(({ price, ...product }) => ({ ...product, priceCents: toCents(price) })))
      .orIgnore()
      .execute();
    let added = 0;
    for (const { password, ...user } of SEED_USERS) {
      if (await this.users.existsBy({ id: user.id })) continue;
      await this.users
        .createQueryBuilder()
        .insert()
        .values({ ...user, passwordHash: await hashPassword(password) })
        .orIgnore()
        .execute();
      added++;
    }
    if (added > 0) this.logger.log(`Seeded ${added} demo user(s): admin / Admin#2026, buyer01 / Buyer#2026`);
  }
}
