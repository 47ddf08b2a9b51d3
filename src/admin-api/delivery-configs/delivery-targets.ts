import { isDeepStrictEqual } from 'node:util';
import { instanceToPlain, plainToInstance } from 'class-transformer';
import type { PropertyProblem } from '../../common/errors';
import { isPlainObject } from '../../common/patch';
import { validateModel } from '../../common/validation';
import type { StoredDeliveryTargets } from '../../entities';
import { destinationOrigin, destinationPropertiesOf, optionalTargetClassFor, writeOnlyPropertiesOf } from '../../delivery-targets';
import {
  isEncryptedSecret,
  isModelInstance,
  mapWriteOnlyValues,
  type SecretLocation,
  type TargetConfigModels,
} from '../../secret-encryption';

export type { TargetConfigModels };

/**
 * OrderCloud's known integrations that serve other features than tracking events (its delivery
 * configuration docs: Discover and Send events are for TrackingEvents; these are not).
 */
const NOT_FOR_TRACKING: Readonly<Record<string, string>> = {
  Mandrill: 'message senders (e-mail through Mailchimp Transactional)',
  Mailchimp: 'message senders (e-mail through Mailchimp Transactional)',
  SearchIngestion: 'product sync to Sitecore Search',
  ContentHub: 'product sync to Sitecore Content Hub',
};

function unsupportedTargetReason(type: string, path: string): string {
  const purpose = NOT_FOR_TRACKING[type];
  if (purpose) return `${path} is not a target for tracking events: OrderCloud uses it for ${purpose}.`;
  const optionalTarget = optionalTargetClassFor(type);
  if (optionalTarget) {
    return `${path} is not enabled on this server: the host enables it by naming ${optionalTarget.name} in TrackingEventsModule's \`targets\`.`;
  }
  return `${path} is not a delivery target this server supports.`;
}

/**
 * Checks every target of a `DeliveryTargets` object against its model. Targets given as null are
 * left out; a type without a model, or no target at all, is a ValidationFailure, so that no event
 * is ever routed nowhere.
 */
export function validateDeliveryTargets(
  targets: Record<string, unknown>,
  models: TargetConfigModels,
  ignoredProperties: ReadonlySet<string> = new Set(),
): { targets: StoredDeliveryTargets; problems: PropertyProblem[] } {
  const problems: PropertyProblem[] = [];
  const valid: StoredDeliveryTargets = {};
  for (const [type, config] of Object.entries(targets)) {
    if (config === null || config === undefined) continue;
    const model = models[type];
    const path = `DeliveryTargets.${type}`;
    if (!model) {
      problems.push({
        property: path,
        message: `${unsupportedTargetReason(type, path)} Supported targets: ${Object.keys(models).join(', ')}.`,
      });
      continue;
    }
    const result = validateModel(model, config, path, ignoredProperties);
    if (result.problems.length > 0) problems.push(...result.problems);
    else valid[type] = instanceToPlain(result.value) as Record<string, unknown>;
  }
  if (problems.length === 0 && Object.keys(valid).length === 0) {
    problems.push({ property: 'DeliveryTargets', message: 'DeliveryTargets must configure at least one delivery target.' });
  }
  return { targets: valid, problems };
}

/** The targets as the API shows them: every write-only property removed, at any depth. */
export function withoutWriteOnly(targets: StoredDeliveryTargets, models: TargetConfigModels): StoredDeliveryTargets {
  const visible: StoredDeliveryTargets = {};
  for (const [type, config] of Object.entries(targets)) {
    const model = models[type];
    visible[type] = model ? strip(config, plainToInstance(model, config)) : {};
  }
  return visible;
}

/**
 * For a PUT: a target that is kept keeps the secrets the request leaves out (the client never
 * saw them). A secret sent as null is cleared; a target left out is removed with its secrets, and
 * a secret that belongs to a property the request no longer sets goes with that property.
 */
export function keepOmittedWriteOnly(
  incoming: Record<string, unknown>,
  stored: StoredDeliveryTargets,
  models: TargetConfigModels,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...incoming };
  for (const [type, config] of Object.entries(incoming)) {
    const model = models[type];
    if (model && isPlainObject(config) && isPlainObject(stored[type])) {
      result[type] = carryOver(config, stored[type], plainToInstance(model, config));
    }
  }
  return result;
}

/**
 * Secrets a write would keep although it moves their target to another destination (the origin of
 * an `@Destination()` property changed): each must be given again in the request, so that a stored
 * secret never reaches a host it was not saved for. `given` is the request's `DeliveryTargets`.
 */
export function secretsLeftBehind(
  stored: StoredDeliveryTargets,
  result: StoredDeliveryTargets,
  given: unknown,
  models: TargetConfigModels,
): PropertyProblem[] {
  const problems: PropertyProblem[] = [];
  for (const [type, config] of Object.entries(result)) {
    const model = models[type];
    const before = stored[type];
    if (!model || !isPlainObject(before)) continue;
    const moved = destinationPropertiesOf(model).filter(
      (property) => destinationOrigin(config[property]) !== destinationOrigin(before[property]),
    );
    if (moved.length === 0) continue;
    const restated = isPlainObject(given) && isPlainObject(given[type]) ? given[type] : {};
    for (const { name } of writeOnlyPropertiesOf(model)) {
      if (config[name] === undefined || (restated[name] !== undefined && restated[name] !== null)) continue;
      problems.push({
        property: `DeliveryTargets.${type}.${name}`,
        message:
          `DeliveryTargets.${type}.${name} must be given again: the request sends ${type} to another destination (${moved.join(', ')}), ` +
          'and a stored secret is never sent to a host it was not saved for.',
      });
    }
  }
  return problems;
}

function strip(plain: Record<string, unknown>, shape: object): Record<string, unknown> {
  const secrets = writeOnlyPropertiesOf(shape.constructor).map((secret) => secret.name);
  const visible: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(plain)) {
    if (secrets.includes(key)) continue;
    const nested = (shape as Record<string, unknown>)[key];
    visible[key] = isModelInstance(nested) && isPlainObject(value) ? strip(value, nested) : value;
  }
  return visible;
}

function carryOver(incoming: Record<string, unknown>, stored: Record<string, unknown>, shape: object): Record<string, unknown> {
  const result = { ...incoming };
  for (const { name, belongsTo } of writeOnlyPropertiesOf(shape.constructor)) {
    if (belongsTo !== undefined && incoming[belongsTo] == null) continue;
    if (result[name] === undefined && stored[name] !== undefined) result[name] = stored[name];
  }
  for (const [key, nested] of Object.entries(shape)) {
    const storedNested = stored[key];
    const incomingNested = incoming[key];
    if (isModelInstance(nested) && isPlainObject(incomingNested) && isPlainObject(storedNested)) {
      result[key] = carryOver(incomingNested, storedNested, nested);
    }
  }
  return result;
}

/** Stored secrets taken out for a validation, by their path (`DeliveryTargets.Http.Secret`). */
export type SetAsideSecrets = Map<string, { at: SecretLocation; value: unknown }>;

/**
 * For a PUT or PATCH: the secrets kept from the stored row in encrypted form, taken out of the targets
 * so that their validation does not see an object where a string belongs (they were checked when they
 * were given, and may be under a key this process lacks). Only a value equal to the stored one at the
 * same place counts: an encrypted value sent by a client is validated, and refused, like any object.
 */
export function setAsideStoredSecrets(
  targets: Record<string, unknown>,
  stored: StoredDeliveryTargets,
  models: TargetConfigModels,
): { targets: Record<string, unknown>; aside: SetAsideSecrets } {
  const aside: SetAsideSecrets = new Map();
  const rest = mapWriteOnlyValues(targets as StoredDeliveryTargets, models, (value, at) => {
    if (!isEncryptedSecret(value) || !isDeepStrictEqual(value, valueAt(stored[at.targetType], at.property))) return value;
    aside.set(`DeliveryTargets.${at.targetType}.${at.property}`, { at, value });
    return undefined;
  });
  return { targets: rest, aside };
}

/** The validated targets with the secrets set aside put back where they were. */
export function putBackSecrets(targets: StoredDeliveryTargets, aside: SetAsideSecrets): StoredDeliveryTargets {
  for (const { at, value } of aside.values()) {
    const path = at.property.split('.');
    const parent = valueAt(targets[at.targetType], path.slice(0, -1).join('.'));
    if (isPlainObject(parent)) parent[path[path.length - 1]] = value;
  }
  return targets;
}

function valueAt(config: unknown, property: string): unknown {
  if (property === '') return config;
  return property.split('.').reduce<unknown>((value, key) => (isPlainObject(value) ? value[key] : undefined), config);
}
