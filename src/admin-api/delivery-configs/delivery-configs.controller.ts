import { Controller } from '@nestjs/common';
import { ApiRoles } from '../../common/api-roles';
import { AdminResourceController } from '../admin-resource.controller';
import { AdminRoles } from '../auth';
import { ApiExtraModels } from '../../common/openapi';
import { LIBRARY_TARGET_CONFIG_MODELS } from '../../delivery-targets';
import { DeliveryConfig, DeliveryConfigBody, EXAMPLE_DELIVERY_CONFIG_ID } from './delivery-config.model';
import { DeliveryConfigInUseError } from './delivery-config.errors';
import { DELIVERY_CONFIG_LIST, DeliveryConfigsService } from './delivery-configs.service';

/** `/integrations/deliveryconfig`: OrderCloud's Delivery Configurations endpoints. */
@Controller('integrations/deliveryconfig')
@AdminRoles([ApiRoles.FullAccess, ApiRoles.DeliveryConfigAdmin])
@ApiExtraModels(...Object.values(LIBRARY_TARGET_CONFIG_MODELS))
export class DeliveryConfigsController extends AdminResourceController({
  model: DeliveryConfig,
  body: DeliveryConfigBody,
  exampleId: EXAMPLE_DELIVERY_CONFIG_ID,
  list: DELIVERY_CONFIG_LIST,
  deleteErrors: [new DeliveryConfigInUseError(EXAMPLE_DELIVERY_CONFIG_ID, ['storefront-order-submitted'])],
}) {
  constructor(deliveryConfigs: DeliveryConfigsService) {
    super(deliveryConfigs);
  }
}
