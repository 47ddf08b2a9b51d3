import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OrdersModule } from '../orders/orders.module';
import { SampleCommerceDataProvider } from './sample-commerce-data.provider';
import { TrackingContextResolver } from './tracking-context.resolver';

/** What the tracking events library needs from the shop: request contexts and commerce data. */
@Module({
  imports: [AuthModule, OrdersModule],
  providers: [TrackingContextResolver, SampleCommerceDataProvider],
  exports: [TrackingContextResolver, SampleCommerceDataProvider],
})
export class TrackingHostModule {}
