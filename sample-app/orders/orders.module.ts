import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { CatalogModule } from '../catalog/catalog.module';
import { AnonymousOrderTransferService } from './anonymous-order-transfer.service';
import { LineItemEntity } from './line-item.entity';
import { LineItemsService } from './line-items.service';
import { OrderEntity } from './order.entity';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

/** Carts and orders of the shopper API (`/cart`, `/orders/{direction}/{orderID}`). */
@Module({
  imports: [TypeOrmModule.forFeature([OrderEntity, LineItemEntity]), AuthModule, CatalogModule],
  controllers: [OrdersController],
  providers: [OrdersService, LineItemsService, AnonymousOrderTransferService],
  exports: [OrdersService, LineItemsService, AnonymousOrderTransferService],
})
export class OrdersModule {}
