import { Controller, Get, Query } from '@nestjs/common';
import { AdminApi } from '../auth';
import type { ListPage } from '../../common/list';
import { ApiRoles } from '../../common/api-roles';
import { DeliveryAttempt, DeliveryLogService } from '../../operations/delivery-log/delivery-log.service';

/**
 * `/integrations/deliveryattempts`: every delivery attempt, newest first, within the retention
 * window. "Did order X reach Discover, and when?" is `?OrderID=X&TargetType=DiscoverEvent`.
 */
@Controller('integrations/deliveryattempts')
@AdminApi([ApiRoles.FullAccess, ApiRoles.DeliveryConfigAdmin])
export class DeliveryAttemptsController {
  constructor(private readonly deliveryLog: DeliveryLogService) {}

  @Get()
  list(@Query() query: Record<string, unknown>): Promise<ListPage<DeliveryAttempt>> {
    return this.deliveryLog.list(query);
  }
}
