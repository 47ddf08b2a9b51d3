import type { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { PropertyProblem, ValidationFailureError } from '../errors';
import { isPlainObject } from '../patch';

/** The outcome of checking a request body against a model class. */
export type ModelValidation<T> = { value: T; problems: [] } | { value: undefined; problems: PropertyProblem[] };

/**
 * Checks a JSON value against a class-validator model. Properties the model does not declare are
 * dropped, as OrderCloud ignores them; every problem is reported with its dotted path under `path`,
 * except those of `ignoredProperties` (full dotted paths), whose values the caller checks otherwise.
 */
export function validateModel<T extends object>(
  model: Type<T>,
  plain: unknown,
  path = '',
  ignoredProperties: ReadonlySet<string> = new Set(),
): ModelValidation<T> {
  if (!isPlainObject(plain)) return { value: undefined, problems: [notAnObject(path)] };
  const instance = plainToInstance(model, plain);
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: true });
  // class-validator refuses an instance of a model that declares no property; such a model (a host
  // target that needs no settings) takes an object, and keeps none of its properties.
  if (errors.length === 1 && errors[0].property === undefined && errors[0].constraints?.unknownValue) {
    return { value: plainToInstance(model, {}), problems: [] };
  }
  const problems = errors.flatMap((error) => toProblems(error, path)).filter((problem) => !ignoredProperties.has(problem.property));
  if (problems.length === 0) return { value: instance, problems: [] };
  return { value: undefined, problems };
}

function toProblems(error: ValidationError, parentPath: string): PropertyProblem[] {
  const property = parentPath ? `${parentPath}.${error.property}` : error.property;
  const [firstMessage] = Object.values(error.constraints ?? {});
  const own = firstMessage ? [{ property, message: `${property} ${firstMessage}.` }] : [];
  return [...own, ...(error.children ?? []).flatMap((child) => toProblems(child, property))];
}

/** Refuses a request body that is not a JSON object (an array, a string, nothing). */
export function assertJsonObject(body: unknown): asserts body is Record<string, unknown> {
  if (!isPlainObject(body)) throw new ValidationFailureError(notAnObject(''));
}

function notAnObject(path: string): PropertyProblem {
  return { property: path, message: `${path || 'The request body'} must be a JSON object.` };
}
