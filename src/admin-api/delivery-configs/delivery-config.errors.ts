import { HttpStatus } from '@nestjs/common';
import { ApiErrorException } from '../../common/errors';

/** 400 `DeliveryConfig.CannotDeleteConfigInUse`: TrackingEvents still deliver through this config. */
export class DeliveryConfigInUseError extends ApiErrorException {
  constructor(deliveryConfigId: string, trackingEventIds: string[]) {
    super(HttpStatus.BAD_REQUEST, {
      ErrorCode: 'DeliveryConfig.CannotDeleteConfigInUse',
      Message: `This Delivery Configuration cannot be deleted because it is in use by TrackingEvent(s) ${trackingEventIds.join(', ')}.`,
      Data: { DeliveryConfigID: deliveryConfigId, TrackingEventIDs: trackingEventIds },
    });
  }
}
