import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * One entry of an OrderCloud error response.
 * @publicApi
 */
export interface ApiError {
  ErrorCode: string;
  Message: string;
  Data?: unknown;
}

/**
 * The body of every error the admin API answers: `{ "Errors": [ ... ] }`.
 * @publicApi
 */
export interface ApiErrorResponse {
  Errors: ApiError[];
}

/**
 * An error that answers the request with an OrderCloud error body. Clients program against
 * `Errors[0].ErrorCode`, so every failure the API knows about is one of these.
 * @publicApi
 */
export class ApiErrorException extends HttpException {
  readonly errors: ApiError[];

  constructor(status: HttpStatus, errors: ApiError | ApiError[]) {
    const list = Array.isArray(errors) ? errors : [errors];
    super({ Errors: list } satisfies ApiErrorResponse, status);
    this.name = this.constructor.name;
    this.errors = list;
  }
}

/** 404 `NotFound`, with the `{ ObjectType, ObjectID }` data the OrderCloud SDK formats its message from. */
export class NotFoundError extends ApiErrorException {
  constructor(objectType: string, objectId: string) {
    super(HttpStatus.NOT_FOUND, {
      ErrorCode: 'NotFound',
      Message: `${objectType} not found: ${objectId}`,
      Data: { ObjectType: objectType, ObjectID: objectId },
    });
  }
}

/** A problem with one property of a request body or parameter. */
export interface PropertyProblem {
  /** Dotted path of the property, e.g. `DeliveryTargets.Http.Endpoint`; empty for the body itself. */
  property: string;
  /** A whole sentence naming the property, e.g. `DeliveryTargets.Http.Endpoint is required.` */
  message: string;
}

/** 400 `ValidationFailure`, one entry per invalid property. */
export class ValidationFailureError extends ApiErrorException {
  constructor(problems: PropertyProblem | PropertyProblem[]) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(
      HttpStatus.BAD_REQUEST,
      list.map((problem) => ({
        ErrorCode: 'ValidationFailure',
        Message: problem.message,
        Data: problem.property ? { Property: problem.property } : null,
      })),
    );
  }
}

/** 409 `IdExists`: a create named an ID that is taken. */
export class IdExistsError extends ApiErrorException {
  constructor(objectType: string, objectId: string) {
    super(HttpStatus.CONFLICT, {
      ErrorCode: 'IdExists',
      Message: `${objectType} with ID ${objectId} already exists.`,
      Data: { ObjectType: objectType, ObjectID: objectId },
    });
  }
}

/** 401: no caller could be resolved from the request. */
export class InvalidTokenError extends ApiErrorException {
  constructor() {
    super(HttpStatus.UNAUTHORIZED, {
      ErrorCode: 'InvalidToken',
      Message: 'Access token is missing, invalid or expired.',
      Data: null,
    });
  }
}

/** 403 `Auth.InsufficientRoles`, listing the roles that would have been sufficient. */
export class InsufficientRolesError extends ApiErrorException {
  constructor(sufficientRoles: readonly string[], assignedRoles: readonly string[]) {
    super(HttpStatus.FORBIDDEN, {
      ErrorCode: 'Auth.InsufficientRoles',
      Message: `User does not have role(s) required to perform this action. One of these roles is required: ${sufficientRoles.join(', ')}.`,
      Data: { SufficientRoles: [...sufficientRoles], AssignedRoles: [...assignedRoles] },
    });
  }
}

/** 403 `Auth.UserNotAuthorizedToAdmin`: buyer and supplier users never administer these resources. */
export class UserNotAuthorizedToAdminError extends ApiErrorException {
  constructor(userType: string) {
    super(HttpStatus.FORBIDDEN, {
      ErrorCode: 'Auth.UserNotAuthorizedToAdmin',
      Message: `Reading and administering this resource is forbidden for ${userType} users regardless of role(s).`,
      Data: { UserType: userType },
    });
  }
}
