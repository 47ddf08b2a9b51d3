import { HttpStatus } from '@nestjs/common';
import { ApiErrorException } from '../../common/errors';

/** 409 `TrackingEvent.CannotCreateMultipleEventsOfSameType`: one TrackingEvent per API client and event type. */
export class DuplicateEventTypeError extends ApiErrorException {
  constructor(clientId: string, eventType: string, existingId?: string) {
    super(HttpStatus.CONFLICT, {
      ErrorCode: 'TrackingEvent.CannotCreateMultipleEventsOfSameType',
      Message: `Only one TrackingEvent of a given type is permitted for the same ApiClient: ${clientId} already has a ${eventType} TrackingEvent${existingId ? ` (${existingId})` : ''}.`,
      Data: { ClientID: clientId, EventType: eventType, ExistingID: existingId ?? null },
    });
  }
}

/** 400 `TrackingEvent.CannotUpdateProperty`: ClientID and EventType are fixed once created. */
export class CannotUpdatePropertyError extends ApiErrorException {
  constructor(properties: string[]) {
    super(HttpStatus.BAD_REQUEST, {
      ErrorCode: 'TrackingEvent.CannotUpdateProperty',
      Message: `The properties ClientID and EventType cannot be updated (attempted: ${properties.join(', ')}).`,
      Data: { Properties: properties },
    });
  }
}

/** 400 `TrackingEvent.InvalidClientID`: the host does not know this API client. */
export class InvalidClientIdError extends ApiErrorException {
  constructor(clientId: string) {
    super(HttpStatus.BAD_REQUEST, {
      ErrorCode: 'TrackingEvent.InvalidClientID',
      Message: `The ApiClient specified by ClientID in the request does not exist: ${clientId}.`,
      Data: { ClientID: clientId },
    });
  }
}

/** 400 `TrackingEvent.InvalidDeliveryConfigID`: no DeliveryConfig has this ID. */
export class InvalidDeliveryConfigIdError extends ApiErrorException {
  constructor(deliveryConfigId: string) {
    super(HttpStatus.BAD_REQUEST, {
      ErrorCode: 'TrackingEvent.InvalidDeliveryConfigID',
      Message: `The specified delivery configuration (DeliveryConfigID) in the request does not exist: ${deliveryConfigId}.`,
      Data: { DeliveryConfigID: deliveryConfigId },
    });
  }
}
