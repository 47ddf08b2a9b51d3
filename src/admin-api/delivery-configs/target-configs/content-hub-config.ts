import { Allow } from 'class-validator';
import { RequiredString, RequiredUrl } from '../../../common/validation';
import { WriteOnly } from './write-only.decorator';

/** `DeliveryTargets.ContentHub`: Sitecore Content Hub (used by product sync). */
export class ContentHubConfig {
  @WriteOnly()
  @RequiredString({ maxLength: 50 })
  ApiKey: string;

  @RequiredUrl()
  Endpoint: string;

  @RequiredString({ maxLength: 200 })
  TargetSchemaName: string;

  /** Any JSON. */
  @Allow()
  ConfigData?: unknown;
}
