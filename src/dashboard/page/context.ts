/** What every view needs from the app shell. */

import { createContext } from 'preact';
import type { Api } from './api';
import type { DashboardConfig, TargetStats } from './types';

/** A DeliveryConfig × target seen in the stats: the choices of the Target filters and the configs' names. */
export type KnownTarget = Pick<TargetStats, 'DeliveryConfigID' | 'DeliveryConfigName' | 'TargetType'>;

export interface AppContextValue {
  config: DashboardConfig;
  api: Api;
  paused: boolean;
  /** A view reports each successful refresh, shown as "Updated 10:42:13". */
  onUpdated: (at: Date) => void;
  knownTargets: KnownTarget[];
  onTargetsSeen: (targets: KnownTarget[]) => void;
}

export const AppContext = createContext<AppContextValue>(null as unknown as AppContextValue);
