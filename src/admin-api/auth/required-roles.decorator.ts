import { Reflector } from '@nestjs/core';

/** Any one of these roles lets the caller through. */
export const RequiredRoles = Reflector.createDecorator<readonly string[]>();
