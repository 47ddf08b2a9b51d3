import { Inject, Injectable } from '@nestjs/common';
import { DeliveryTargetRegistry } from '../delivery-targets/delivery-target.registry';
import type { StoredDeliveryTargets } from '../entities/delivery-config.entity';
import type { TrackingEventsSettings } from '../options';
import { TRACKING_EVENTS_SETTINGS } from '../tracking-events.tokens';
import { isEncryptedSecret, SecretCipher } from './secret-cipher';
import { SecretDecryptionError } from './secret-decryption.error';
import { mapWriteOnlyValues, writeOnlyValuesOf } from './write-only-values';

/** How a stored secret is kept: the ID of the key it is encrypted with, or `plaintext`. */
export const PLAINTEXT = 'plaintext';

/** The DeliveryConfigs' write-only values, encrypted for the database and decrypted for delivery. */
@Injectable()
export class DeliveryTargetSecrets {
  readonly cipher: SecretCipher;

  constructor(
    @Inject(TRACKING_EVENTS_SETTINGS) settings: TrackingEventsSettings,
    private readonly registry: DeliveryTargetRegistry,
  ) {
    this.cipher = new SecretCipher(settings.secretEncryption);
  }

  /**
   * The targets as they are stored: each secret given as plaintext encrypted with the active key (as
   * given without a keyring); a secret kept from the stored row stays as it is stored.
   */
  seal(targets: StoredDeliveryTargets): StoredDeliveryTargets {
    if (this.cipher.activeKeyId === undefined) return targets;
    return mapWriteOnlyValues(targets, this.registry.configModels(), (value, at) =>
      typeof value === 'string' ? this.cipher.encrypt(value, at) : value,
    );
  }

  /**
   * The targets with every secret in plaintext, for delivery. A secret that cannot be decrypted stays
   * encrypted, and the first such of each target type is reported: that target cannot be delivered to.
   */
  open(targets: StoredDeliveryTargets): { targets: StoredDeliveryTargets; unreadable: Map<string, SecretDecryptionError> } {
    const unreadable = new Map<string, SecretDecryptionError>();
    const opened = mapWriteOnlyValues(targets, this.registry.configModels(), (value, at) => {
      if (!isEncryptedSecret(value)) return value;
      try {
        return this.cipher.decrypt(value, at);
      } catch (error) {
        if (!(error instanceof SecretDecryptionError)) throw error;
        if (!unreadable.has(at.targetType)) unreadable.set(at.targetType, error);
        return value;
      }
    });
    return { targets: opened, unreadable };
  }

  /**
   * The targets with every secret encrypted with the active key: plaintext ones encrypted, those under
   * another key (or not verifiable under it) decrypted and encrypted again. Those that cannot be
   * decrypted stay as they are, and are reported.
   */
  reseal(targets: StoredDeliveryTargets): { targets: StoredDeliveryTargets; unreadable: SecretDecryptionError[] } {
    const unreadable: SecretDecryptionError[] = [];
    const resealed = mapWriteOnlyValues(targets, this.registry.configModels(), (value, at) => {
      if (!isEncryptedSecret(value))
        return typeof value === 'string' && this.cipher.activeKeyId !== undefined ? this.cipher.encrypt(value, at) : value;
      try {
        const plaintext = this.cipher.decrypt(value, at);
        return value.KeyId === this.cipher.activeKeyId ? value : this.cipher.encrypt(plaintext, at);
      } catch (error) {
        if (!(error instanceof SecretDecryptionError)) throw error;
        unreadable.push(error);
        return value;
      }
    });
    return { targets: resealed, unreadable };
  }

  /** How each secret of the targets is kept: a key ID or `plaintext`. */
  keptAs(targets: StoredDeliveryTargets): string[] {
    return writeOnlyValuesOf(targets, this.registry.configModels()).map(({ value }) =>
      isEncryptedSecret(value) ? value.KeyId : PLAINTEXT,
    );
  }
}
