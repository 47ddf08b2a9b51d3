import { Controller } from '@nestjs/common';
import { ApiRoles } from '../../common/api-roles';
import { AdminResourceController } from '../admin-resource.controller';
import { RequiredRoles } from '../auth';
import type { DeliveryConfig } from './delivery-config.model';
import { DeliveryConfigsService } from './delivery-configs.service';

/** `/integrations/deliveryconfig`: OrderCloud's Delivery Configurations endpoints. */
@Controller('integrations/deliveryconfig')
@RequiredRoles([ApiRoles.FullAccess, ApiRoles.DeliveryConfigAdmin])
export class DeliveryConfigsController extends AdminResourceController<DeliveryConfig> {
  constructor(deliveryConfigs: DeliveryConfigsService) {
    super(deliveryConfigs);
  }
}
