import { RequiredString } from '../../../common/validation';
import { WriteOnly } from './write-only.decorator';

/** `DeliveryTargets.EventHub`: Azure Event Hubs. */
export class EventHubConfig {
  @RequiredString({ maxLength: 256 })
  EventHubName: string;

  @WriteOnly()
  @RequiredString({ maxLength: 2000 })
  ConnectionString: string;
}
