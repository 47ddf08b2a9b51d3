import { applyDecorators, UseFilters, UseGuards } from '@nestjs/common';
import { OrderCloudExceptionFilter } from '../../common/errors';
import { AdminApiGuard } from './admin-api.guard';
import { RequiredRoles } from './required-roles.decorator';

/** A controller of the admin API: callers resolved by the host and checked for roles (any one suffices), OrderCloud errors. */
export function AdminApi(roles?: readonly string[]): ClassDecorator {
  return applyDecorators(UseFilters(OrderCloudExceptionFilter), UseGuards(AdminApiGuard), ...(roles ? [RequiredRoles(roles)] : []));
}
