/** The choices of a Target filter and the display of a config · target pair. */

import type { KnownTarget } from './context';

/** Target types seen in the stats, sorted, plus the current choice so that it never vanishes from the select. */
export function targetTypeOptions(known: KnownTarget[], current: string): string[] {
  const types = new Set(known.map((target) => target.TargetType));
  if (current) types.add(current);
  return [...types].sort((a, b) => a.localeCompare(b));
}

/** "My receiver · Http": the config's name when the stats gave one, else its ID. */
export function targetLabel(known: KnownTarget[], deliveryConfigId: string, targetType: string): string {
  const name = known.find((target) => target.DeliveryConfigID === deliveryConfigId)?.DeliveryConfigName;
  return `${name ?? deliveryConfigId} · ${targetType}`;
}
