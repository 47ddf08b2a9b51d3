import { applyDecorators } from '@nestjs/common';
import type { PropertyProblem } from '../errors';
import { IsDefined, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, MaxLength, ValidateBy, ValidateIf } from 'class-validator';

/** The ID rule of every OrderCloud resource: letters, digits, `-` and `_`, at most 100 characters. */
export const API_ID_PATTERN = /^[A-Za-z0-9_-]+$/;
export const API_ID_MAX_LENGTH = 100;

interface StringRule {
  /** Longest accepted value, in characters. */
  maxLength?: number;
  /** A pattern the value must match, with the message for one that does not. */
  pattern?: { regex: RegExp; message: string };
}

function stringRules(rule: StringRule): PropertyDecorator[] {
  const decorators = [IsString({ message: 'must be a string' }), IsNotEmpty({ message: 'must not be empty' })];
  if (rule.maxLength !== undefined) {
    decorators.push(MaxLength(rule.maxLength, { message: `must be at most ${rule.maxLength} characters long` }));
  }
  if (rule.pattern) decorators.push(Matches(rule.pattern.regex, { message: rule.pattern.message }));
  return decorators;
}

/** A string the client must send. */
export function RequiredString(rule: StringRule = {}): PropertyDecorator {
  return applyDecorators(IsDefined({ message: 'is required' }), ...stringRules(rule));
}

/**
 * A string the client may leave out (or send as null). With `requiredWith`, it becomes required
 * once that sibling property is set: a custom auth header needs both its name and its value.
 */
export function OptionalString(rule: StringRule & { requiredWith?: string } = {}): PropertyDecorator {
  const { requiredWith } = rule;
  if (requiredWith === undefined) return applyDecorators(IsOptional(), ...stringRules(rule));
  return applyDecorators(
    ValidateIf((object: Record<string, unknown>, value: unknown) => value != null || object[requiredWith] != null),
    IsDefined({ message: `is required when ${requiredWith} is set` }),
    ...stringRules(rule),
  );
}

/** An http(s) URL the server will call; local hosts are allowed so that on-premise receivers work. */
export function RequiredUrl(): PropertyDecorator {
  return applyDecorators(
    IsDefined({ message: 'is required' }),
    IsUrl(
      { protocols: ['http', 'https'], require_protocol: true, require_tld: false, allow_underscores: true },
      { message: 'must be an absolute http or https URL' },
    ),
    MaxLength(2000, { message: 'must be at most 2000 characters long' }),
  );
}

/** An OrderCloud resource ID the client may leave out on create. */
export function OptionalApiId(): PropertyDecorator {
  return OptionalString({
    maxLength: API_ID_MAX_LENGTH,
    pattern: { regex: API_ID_PATTERN, message: 'can only contain letters, digits, - and _' },
  });
}

/** An HTTP header name (RFC 9110 token), so that delivery never fails on a header it cannot send. */
export function OptionalHeaderName(requiredWith?: string): PropertyDecorator {
  return OptionalString({
    maxLength: 100,
    requiredWith,
    pattern: { regex: /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, message: 'must be a valid HTTP header name' },
  });
}

/**
 * An HTTP field value: visible ASCII, with spaces and tabs only between characters. A CR/LF would
 * split the header and undici refuses control characters, so such a value could never be delivered.
 */
const HTTP_HEADER_VALUE_PATTERN = /^[\x21-\x7e](?:[\t\x20-\x7e]*[\x21-\x7e])?$/;

/** A string sent as an HTTP header value; the message never repeats the value, which is often a secret. */
export function HttpHeaderValue(): PropertyDecorator {
  return ValidateBy({
    name: 'isHttpHeaderValue',
    validator: {
      // Type and presence are the string rules' business.
      validate: (value: unknown) => typeof value !== 'string' || value === '' || HTTP_HEADER_VALUE_PATTERN.test(value),
      defaultMessage: () =>
        'must be a valid HTTP header value: visible ASCII characters, with spaces or tabs only between them (no line breaks or control characters)',
    },
  });
}

/** Checks an ID given in a path (PUT creates under it), with the same rule as IDs in bodies. */
export function apiIdProblem(id: string, property = 'ID'): PropertyProblem | undefined {
  if (id.length > API_ID_MAX_LENGTH) {
    return { property, message: `${property} must be at most ${API_ID_MAX_LENGTH} characters long.` };
  }
  if (!API_ID_PATTERN.test(id)) return { property, message: `${property} can only contain letters, digits, - and _.` };
  return undefined;
}
