import type { Type } from '@nestjs/common';
import type { PropertyProblem } from '../../common/errors';
import type { TargetNetworkPolicy } from './target-network-policy';

const CONNECTS_TO_METADATA = 'tracking-events:connects-to';

/** Reads the hosts a property's value makes a target connect to. */
export type HostsOf = (value: unknown) => string[];

interface ConnectingProperty {
  name: string;
  hostsOf: HostsOf;
}

/**
 * Marks a target property that says where the target connects (an endpoint URL, brokers, a connection
 * string), so that a config naming an address the network policy refuses is refused when it is saved.
 */
export function ConnectsTo(hostsOf: HostsOf): PropertyDecorator {
  return (target, propertyKey) => {
    const owner = target.constructor;
    const existing: ConnectingProperty[] = Reflect.getOwnMetadata(CONNECTS_TO_METADATA, owner) ?? [];
    Reflect.defineMetadata(CONNECTS_TO_METADATA, [...existing, { name: String(propertyKey), hostsOf }], owner);
  };
}

/**
 * What the network policy refuses of a target's config, judged on what the config says (literal
 * addresses, well-known names, the allow-list): one problem per property, named by its path. What a
 * name resolves to is checked when the target connects.
 */
export function refusedDestinations(
  path: string,
  config: Record<string, unknown>,
  model: Type<unknown> | Function,
  policy: TargetNetworkPolicy,
): PropertyProblem[] {
  const connecting: ConnectingProperty[] = Reflect.getMetadata(CONNECTS_TO_METADATA, model) ?? [];
  const problems: PropertyProblem[] = [];
  for (const { name, hostsOf } of connecting) {
    const refusal = hostsOf(config[name])
      .map((host) => policy.refusalOf(host))
      .find((reason) => reason !== undefined);
    if (refusal) problems.push({ property: `${path}.${name}`, message: `${path}.${name} is refused: ${refusal}.` });
  }
  return problems;
}
