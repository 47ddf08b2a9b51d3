// DeliveryTargetSecrets for specs that build the pipeline's parts by hand.
import type { SecretEncryptionSettings, TrackingEventsSettings } from '../options';
import type { DeliveryTargetRegistry } from '../delivery-targets/delivery-target.registry';
import { HttpConfig } from '../delivery-targets/http/http-config';
import { DeliveryTargetSecrets } from './delivery-target-secrets';
import type { TargetConfigModels } from './write-only-values';

export function deliveryTargetSecrets(
  keyring: Required<SecretEncryptionSettings> | null = null,
  models: TargetConfigModels = { Http: HttpConfig },
): DeliveryTargetSecrets {
  const registry = { configModels: () => models } as unknown as DeliveryTargetRegistry;
  return new DeliveryTargetSecrets({ secretEncryption: keyring } as TrackingEventsSettings, registry);
}
