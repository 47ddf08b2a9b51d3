import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { CommerceDataProvider, CommerceOrder, CommerceUser } from '../../src';
import { UserEntity } from '../auth/user.entity';
import { LineItemsService } from '../orders/line-items.service';
import type { LineItem } from '../orders/order.model';
import { OrdersService } from '../orders/orders.service';

/** Hands the tracking events library the shop's orders, lines and users, as the shopper API shows them. */
@Injectable()
export class SampleCommerceDataProvider implements CommerceDataProvider {
  constructor(
    private readonly orders: OrdersService,
    private readonly lineItems: LineItemsService,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
  ) {}

  getOrder(orderId: string): Promise<CommerceOrder | null> {
    return this.orders.findById(orderId);
  }

  listLineItems(orderId: string): Promise<LineItem[]> {
    return this.lineItems.listByOrder(orderId);
  }

  getOrders(orderIds: string[]): Promise<CommerceOrder[]> {
    return this.orders.findByIds(orderIds);
  }

  async getUser(userId: string): Promise<CommerceUser | null> {
    const user = await this.users.findOneBy({ id: userId });
    return user && toCommerceUser(user);
  }

  async getUsers(userIds: string[]): Promise<CommerceUser[]> {
    return (await this.users.findBy({ id: In(userIds) })).map(toCommerceUser);
  }
}

function toCommerceUser(user: UserEntity): CommerceUser {
  return {
    ID: user.id,
    Username: user.username,
    FirstName: user.firstName,
    LastName: user.lastName,
    Email: user.email,
    Locale: user.locale,
  };
}
