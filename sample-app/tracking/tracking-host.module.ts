import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OrdersModule } from '../orders/orders.module';
import { AuditLogTarget } from './audit-log.target';
import { SampleCommerceDataProvider } from './sample-commerce-data.provider';
import { TrackingContextResolver } from './tracking-context.resolver';

/**
 * What the tracking events library needs from the shop: request contexts, commerce data, and the
 * shop's own delivery target (named in the module's `targets` setting, found here by the library).
 */
@Module({
  imports: [AuthModule, OrdersModule],
  providers: [TrackingContextResolver, SampleCommerceDataProvider, AuditLogTarget],
  exports: [TrackingContextResolver, SampleCommerceDataProvider],
})
export class TrackingHostModule {}
