import { HttpStatus } from '@nestjs/common';
import { ApiErrorException } from '../../src';

/** 400 `LineItem.QuantityMustBePositive`. */
export class QuantityMustBePositiveError extends ApiErrorException {
  constructor(quantity: number) {
    super(HttpStatus.BAD_REQUEST, {
      ErrorCode: 'LineItem.QuantityMustBePositive',
      Message: "Line Item's Quantity must be greater than 0.",
      Data: { Quantity: quantity },
    });
  }
}

/** 400 `LineItem.CannotChangeProductID`. */
export class CannotChangeProductIdError extends ApiErrorException {
  constructor(lineItemId: string, productId: string) {
    super(HttpStatus.BAD_REQUEST, {
      ErrorCode: 'LineItem.CannotChangeProductID',
      Message: 'Cannot change the Product ID of an existing Line Item.',
      Data: { LineItemID: lineItemId, ProductID: productId },
    });
  }
}

/** 400 `Order.CannotSubmitBadStatus`: only an Unsubmitted order can be submitted. */
export class CannotSubmitBadStatusError extends ApiErrorException {
  constructor(orderId: string) {
    super(HttpStatus.BAD_REQUEST, {
      ErrorCode: 'Order.CannotSubmitBadStatus',
      Message: 'Cannot submit order with this status. Order status must be Unsubmitted.',
      Data: { OrderID: orderId },
    });
  }
}

/** 400 `Order.CannotSubmitWithNoLineItems`. */
export class CannotSubmitWithNoLineItemsError extends ApiErrorException {
  constructor(orderId: string) {
    super(HttpStatus.BAD_REQUEST, {
      ErrorCode: 'Order.CannotSubmitWithNoLineItems',
      Message: 'Cannot submit an order without any line items.',
      Data: { OrderID: orderId },
    });
  }
}

/**
 * 400 `ValidationFailure`: the lines of a submitted order no longer change. OrderCloud publishes no
 * dedicated error code for a shopper doing so.
 */
export class SubmittedOrderLinesError extends ApiErrorException {
  constructor(orderId: string) {
    super(HttpStatus.BAD_REQUEST, {
      ErrorCode: 'ValidationFailure',
      Message: `Order ${orderId} is submitted: its line items cannot change.`,
      Data: { ObjectType: 'Order', ObjectID: orderId },
    });
  }
}

/** 400 `Auth.MustPassAnonUserToken`: TransferAnonUserOrder needs a valid anonymous shopper's token. */
export class MustPassAnonUserTokenError extends ApiErrorException {
  constructor() {
    super(HttpStatus.BAD_REQUEST, {
      ErrorCode: 'Auth.MustPassAnonUserToken',
      Message: 'The token provided is invalid. Please provide an anonymous user token and try again.',
      Data: null,
    });
  }
}

/** 403 `Auth.AnonUserProhibited`: an anonymous shopper cannot take over another anonymous order. */
export class AnonUserProhibitedError extends ApiErrorException {
  constructor() {
    super(HttpStatus.FORBIDDEN, {
      ErrorCode: 'Auth.AnonUserProhibited',
      Message: 'Anonymous shoppers cannot do this: log in first.',
      Data: null,
    });
  }
}
