/** Key of the library's BullMQ configuration, so that it never touches the host's own `BullModule.forRoot()`. */
export const TRACKING_EVENTS_BULL_CONFIG_KEY = 'tracking-events';

/** The queue captured events wait in for routing and hydration. */
export const INTAKE_QUEUE = 'tracking-events-intake';

/** One queue per target type: `Http` → `tracking-events-target-http`, `SendEvent` → `tracking-events-target-send-event`. */
export function targetQueueName(targetType: string): string {
  return `tracking-events-target-${targetType.replace(/(?<=[a-z0-9])([A-Z])/g, '-$1').toLowerCase()}`;
}
