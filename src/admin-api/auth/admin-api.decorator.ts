import { applyDecorators, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { InsufficientRolesError, InvalidTokenError, OrderCloudExceptionFilter, UserNotAuthorizedToAdminError } from '../../common/errors';
import { ApiBearerAuth, ApiErrorResponses } from '../../common/openapi';
import { RequestUrlCheckInterceptor, urlNulRefusal } from '../../common/validation';
import { AdminApiGuard } from './admin-api.guard';
import { RequiredRoles } from './required-roles.decorator';

/** A controller of the admin API: callers resolved by the host and checked for roles (any one suffices), URLs checked, OrderCloud errors. */
export function AdminApi(roles?: readonly string[]): ClassDecorator {
  return applyDecorators(
    UseFilters(OrderCloudExceptionFilter),
    UseGuards(AdminApiGuard),
    UseInterceptors(RequestUrlCheckInterceptor),
    // A route's own 400s (bodies, list queries) replace this one in the description; they list it too.
    ApiErrorResponses(urlNulRefusal()),
    ApiBearerAuth(),
    ...(roles ? [AdminRoles(roles)] : []),
  );
}

/** The roles of which any one lets a caller through a controller or a route, and the 401 and 403 it answers otherwise. */
export function AdminRoles(roles: readonly string[]): ClassDecorator & MethodDecorator {
  return applyDecorators(
    RequiredRoles(roles),
    ApiErrorResponses(new InvalidTokenError(), new InsufficientRolesError(roles, []), new UserNotAuthorizedToAdminError('Buyer')),
  );
}
