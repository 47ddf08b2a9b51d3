import { IsBoolean, IsDefined, IsObject, IsOptional } from 'class-validator';
import { OptionalApiId, RequiredString } from '../../common/validation';

/**
 * A DeliveryConfig as the API returns it; secrets of its targets are never included.
 * @publicApi
 */
export interface DeliveryConfig {
  ID: string;
  Name: string;
  Enabled: boolean;
  /** One configuration per target type the messages are delivered to. */
  DeliveryTargets: Record<string, Record<string, unknown>>;
}

/** The request body of a create, replace or patched update, checked before anything is stored. */
export class DeliveryConfigBody {
  @OptionalApiId()
  ID?: string;

  @RequiredString({ maxLength: 128 })
  Name: string;

  /** Left out means enabled. */
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  Enabled?: boolean;

  // Each target is checked against its own model by DeliveryTargetsValidator.
  @IsDefined({ message: 'is required' })
  @IsObject({ message: 'must be an object' })
  DeliveryTargets: Record<string, unknown>;
}
