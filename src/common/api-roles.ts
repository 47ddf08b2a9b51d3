/**
 * The OrderCloud API roles the admin API checks.
 * @publicApi
 */
export const ApiRoles = {
  FullAccess: 'FullAccess',
  TrackingEventAdmin: 'TrackingEventAdmin',
  TrackingEventReader: 'TrackingEventReader',
  DeliveryConfigAdmin: 'DeliveryConfigAdmin',
} as const;
