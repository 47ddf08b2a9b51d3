import { Controller, Delete, Get, HttpCode, HttpStatus, Param } from '@nestjs/common';
import { AdminApi } from '../auth';
import type { ListPage } from '../../common/list';
import { ApiRoles } from '../../common/api-roles';
import { NotFoundError } from '../../common/errors';
import { ApiErrorResponses, ApiListPageResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '../../common/openapi';
import { CircuitBreaker, DeliveryCircuit } from '../../operations/circuit-breaker/circuit-breaker';

/** `/integrations/deliverycircuits`: the targets paused for failing, and closing one by hand. */
@Controller('integrations/deliverycircuits')
@AdminApi([ApiRoles.FullAccess, ApiRoles.DeliveryConfigAdmin])
@ApiTags('DeliveryCircuits')
export class DeliveryCircuitsController {
  constructor(private readonly circuitBreaker: CircuitBreaker) {}

  @Get()
  @ApiOperation({ summary: 'List the paused targets', description: 'Every open circuit, on one page.' })
  @ApiListPageResponse(DeliveryCircuit)
  async list(): Promise<ListPage<DeliveryCircuit>> {
    const items = await this.circuitBreaker.list();
    return {
      Meta: {
        Page: 1,
        PageSize: Math.max(items.length, 1),
        TotalCount: items.length,
        TotalPages: items.length > 0 ? 1 : 0,
        ItemRange: [1, items.length],
      },
      Items: items,
    };
  }

  @Delete(':deliveryConfigId/:targetType')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Close a circuit', description: 'Deliveries to the target resume at once, without waiting for RetryAt.' })
  @ApiParam({ name: 'deliveryConfigId', example: 'discover-production' })
  @ApiParam({ name: 'targetType', example: 'DiscoverEvent' })
  @ApiResponse({ status: HttpStatus.NO_CONTENT, description: 'The circuit is closed.' })
  @ApiErrorResponses(new NotFoundError('DeliveryCircuit', 'discover-production/DiscoverEvent'))
  async reset(@Param('deliveryConfigId') deliveryConfigId: string, @Param('targetType') targetType: string): Promise<void> {
    if (!(await this.circuitBreaker.reset(deliveryConfigId, targetType)))
      throw new NotFoundError('DeliveryCircuit', `${deliveryConfigId}/${targetType}`);
  }
}
