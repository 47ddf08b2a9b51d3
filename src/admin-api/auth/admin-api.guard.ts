import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import { InsufficientRolesError, InvalidTokenError, UserNotAuthorizedToAdminError } from '../../common/errors';
import { TRACKING_EVENTS_SETTINGS } from '../../tracking-events.tokens';
import type { TrackingEventsCaller, TrackingEventsSettings } from '../../options';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../../tracking-events.constants';
import { RequiredRoles } from './required-roles.decorator';

const NON_ADMIN_USER_TYPES = ['buyer', 'supplier'];

/**
 * Lets an admin API request through when the host's `resolveCaller` knows the caller and the
 * caller holds one of the roles the route requires (OrderCloud role semantics: any one suffices).
 */
@Injectable()
export class AdminApiGuard implements CanActivate {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);

  constructor(
    private readonly reflector: Reflector,
    @Inject(TRACKING_EVENTS_SETTINGS) private readonly settings: TrackingEventsSettings,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Express's request is Node's IncomingMessage; Fastify's wraps it as `raw`: resolveCaller gets Node's on both.
    const request = context.switchToHttp().getRequest<IncomingMessage | { raw: IncomingMessage }>();
    const caller = await this.resolveCaller('raw' in request ? request.raw : request);
    if (!caller) throw new InvalidTokenError();

    if (caller.UserType && NON_ADMIN_USER_TYPES.includes(caller.UserType.toLowerCase())) {
      throw new UserNotAuthorizedToAdminError(caller.UserType);
    }
    const sufficient = this.reflector.getAllAndOverride(RequiredRoles, [context.getHandler(), context.getClass()]) ?? [];
    const assigned = caller.Roles ?? [];
    if (sufficient.length > 0 && !sufficient.some((role) => assigned.includes(role))) {
      throw new InsufficientRolesError(sufficient, assigned);
    }
    return true;
  }

  private async resolveCaller(request: IncomingMessage): Promise<TrackingEventsCaller | null | undefined> {
    try {
      return await this.settings.resolveCaller(request);
    } catch (error) {
      // A resolver that throws is treated as "no valid credentials"; the host still learns why.
      this.logger.warn(`resolveCaller threw, answering 401: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }
}
