import { Controller, Get, Query } from '@nestjs/common';
import { AdminApi } from '../auth';
import type { ListPage } from '../../common/list';
import { ApiRoles } from '../../common/api-roles';
import { ApiListPageResponse, ApiListQuery, ApiOperation, ApiTags } from '../../common/openapi';
import { DELIVERY_ATTEMPT_LIST, DeliveryAttempt, DeliveryLogService } from '../../operations/delivery-log/delivery-log.service';

/**
 * `/integrations/deliveryattempts`: every delivery attempt, newest first, within the retention
 * window. "Did order X reach Discover, and when?" is `?OrderID=X&TargetType=DiscoverEvent`.
 */
@Controller('integrations/deliveryattempts')
@AdminApi([ApiRoles.FullAccess, ApiRoles.DeliveryConfigAdmin])
@ApiTags('DeliveryAttempts')
export class DeliveryAttemptsController {
  constructor(private readonly deliveryLog: DeliveryLogService) {}

  @Get()
  @ApiOperation({
    summary: 'List delivery attempts',
    description: 'Every attempt within the retention window, newest first; e.g. `?OrderID=X&TargetType=DiscoverEvent`.',
  })
  @ApiListPageResponse(DeliveryAttempt)
  @ApiListQuery(DELIVERY_ATTEMPT_LIST)
  list(@Query() query: Record<string, unknown>): Promise<ListPage<DeliveryAttempt>> {
    return this.deliveryLog.list(query);
  }
}
