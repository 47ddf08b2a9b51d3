import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { generateApiId, IdentityStitcher, inTransaction } from '../../src';
import { Shopper, shopperOf } from '../auth/shopper';
import { TokenService } from '../auth/token.service';
import { LineItemEntity } from './line-item.entity';
import { OrderEntity } from './order.entity';
import { AnonUserProhibitedError, MustPassAnonUserTokenError } from './order.errors';

type AnonymousShopper = Extract<Shopper, { kind: 'anonymous' }>;

/**
 * OrderCloud's TransferAnonUserOrder: a shopper who started anonymously and then logged in gets the
 * anonymous cart as their cart, and the tracking targets learn that the two are one shopper.
 */
@Injectable()
export class AnonymousOrderTransferService {
  constructor(
    private readonly tokens: TokenService,
    private readonly stitcher: IdentityStitcher,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async transfer(shopper: Shopper, anonUserToken: unknown): Promise<void> {
    if (shopper.kind !== 'user') throw new AnonUserProhibitedError();
    const anonymous = this.anonymousShopperOf(anonUserToken);
    await inTransaction(this.dataSource, (manager) => this.moveCart(manager, anonymous, shopper.userId));
    // Once per anonymous shopper and user: a second transfer of the same token sends nothing.
    await this.stitcher.stitch(anonymous.anonymousId, shopper.userId);
  }

  private anonymousShopperOf(token: unknown): AnonymousShopper {
    const claims = typeof token === 'string' && token !== '' ? this.tokens.verify(token) : null;
    const anonymous = claims ? shopperOf(claims) : null;
    if (anonymous?.kind !== 'anonymous') throw new MustPassAnonUserTokenError();
    return anonymous;
  }

  /**
   * The anonymous cart becomes the user's cart. Lines of a cart the user already had move into it, so
   * nothing the shopper put in a cart is lost. A cart already moved or submitted stays as it is.
   */
  private async moveCart(manager: EntityManager, anonymous: AnonymousShopper, userId: string): Promise<void> {
    const cart = await manager.findOneBy(OrderEntity, { id: anonymous.cartId, anonymousId: anonymous.anonymousId, status: 'Unsubmitted' });
    if (!cart || cart.fromUserId !== null) return;
    const previous = await manager.findOneBy(OrderEntity, { cartOwnerId: userId });
    if (previous) {
      const takenIds = new Set((await manager.findBy(LineItemEntity, { orderId: cart.id })).map((line) => line.id));
      for (const line of await manager.findBy(LineItemEntity, { orderId: previous.id })) {
        await manager.insert(LineItemEntity, { ...line, orderId: cart.id, id: takenIds.has(line.id) ? generateApiId() : line.id });
      }
      await manager.delete(OrderEntity, { id: previous.id });
    }
    await manager.update(OrderEntity, { id: cart.id }, { fromUserId: userId, cartOwnerId: userId, lastUpdated: new Date() });
  }
}
