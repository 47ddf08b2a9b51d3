import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { DataSource, QueryDeepPartialEntity } from 'typeorm';
import { withConnectionTurn } from '../common/database';
import { DeliveryConfigEntity, type StoredDeliveryTargets } from '../entities/delivery-config.entity';
import type { TrackingEventsSettings } from '../options';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../tracking-events.constants';
import { TRACKING_EVENTS_DATA_SOURCE, TRACKING_EVENTS_SETTINGS } from '../tracking-events.tokens';
import { DeliveryTargetSecrets, PLAINTEXT } from './delivery-target-secrets';

/** A row written by an admin request between our read and our update is read again, this many times at most. */
const MAX_TRIES_PER_ROW = 5;

/** A secret that cannot be decrypted, named by where it is and its key ID, never by its value. */
export interface UnreadableSecret {
  deliveryConfigId: string;
  targetType: string;
  property: string;
  keyId: string;
  reason: string;
}

/**
 * What a re-encryption found and did. Counts are of secrets, by the ID of the key each is encrypted
 * with, or `plaintext`.
 * @publicApi
 */
export interface SecretReencryptionReport {
  before: Record<string, number>;
  after: Record<string, number>;
  /** DeliveryConfigs whose row was updated. */
  updatedConfigs: number;
  /** Keys of the keyring that no secret uses any more (the active key is never one of them). */
  unusedKeyIds: string[];
  /** Secrets that could not be decrypted: they stay as stored, and their targets cannot be delivered to. */
  unreadable: UnreadableSecret[];
}

/**
 * Brings every stored DeliveryConfig secret under the active key of `secretEncryption`: plaintext
 * ones (stored before the keyring existed) are encrypted, those under another key re-encrypted. It
 * runs in the background at every boot of a process with a keyring; call `reencryptAll()` to run it
 * at another moment (after making a new key active in every process, for instance).
 * @publicApi
 */
@Injectable()
export class SecretReencryptionService implements OnApplicationBootstrap {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);

  constructor(
    @Inject(TRACKING_EVENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TRACKING_EVENTS_SETTINGS) private readonly settings: TrackingEventsSettings,
    private readonly secrets: DeliveryTargetSecrets,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.settings.secretEncryption && process.env.NODE_ENV === 'production') {
      this.logger.warn(
        'DeliveryConfig secrets are stored in plaintext in the database: no secretEncryption keyring is configured. ' +
          "Set TrackingEventsModule's `secretEncryption: { keys: { k1: process.env.TRACKING_SECRETS_KEY } }` in every process, " +
          'with a key made by `openssl rand -base64 32`.',
      );
    }
    // In the background: a boot never waits for (or fails because of) a pass over the configuration.
    void this.checkAtBoot().catch((error: unknown) =>
      this.logger.error(`Could not check the DeliveryConfig secrets at boot: ${(error as Error).message}`),
    );
  }

  /**
   * Re-encrypts every stored secret that is plaintext or under another key than the active one with the
   * active key. A row changed by someone else since it was read is read again, never overwritten.
   */
  async reencryptAll(): Promise<SecretReencryptionReport> {
    if (this.secrets.cipher.activeKeyId === undefined)
      throw new Error('SecretReencryptionService.reencryptAll() needs secretEncryption: no keyring is configured in this process.');
    return this.pass(true);
  }

  private async checkAtBoot(): Promise<void> {
    const reencrypt = this.secrets.cipher.activeKeyId !== undefined;
    // Without a keyring nothing is written: the pass only finds encrypted secrets this process cannot use.
    const report = await this.pass(reencrypt);
    if (reencrypt) {
      const unused =
        report.unusedKeyIds.length > 0
          ? `; no secret uses key(s) ${report.unusedKeyIds.join(', ')} any more: they may be removed from the keyring`
          : '';
      this.logger.log(
        `DeliveryConfig secrets: before ${describeCounts(report.before)}, after ${describeCounts(report.after)} ` +
          `(${report.updatedConfigs} config(s) re-encrypted with key ${this.secrets.cipher.activeKeyId})${unused}.`,
      );
    }
    if (report.unreadable.length > 0) {
      const keyIds = [...new Set(report.unreadable.map((secret) => secret.keyId))];
      this.logger.error(
        `${report.unreadable.length} DeliveryConfig secret(s) cannot be decrypted with this process' keyring (key ID(s) ${keyIds.join(', ')}): ` +
          `${report.unreadable.map((secret) => `${secret.deliveryConfigId} ${secret.targetType}.${secret.property}`).join(', ')}. ` +
          'Deliveries to their targets fail until the key is added to secretEncryption.keys (then replay the dead letters), or the secrets are given again.',
      );
    }
  }

  private async pass(reencrypt: boolean): Promise<SecretReencryptionReport> {
    const repository = this.dataSource.getRepository(DeliveryConfigEntity);
    const rows: Array<{ id: string; targets: string }> = await repository
      .createQueryBuilder('config')
      .select(['config.id AS id', 'config.delivery_targets AS targets'])
      .orderBy('config.id', 'ASC')
      .getRawMany();
    const before: Record<string, number> = {};
    const after: Record<string, number> = {};
    const unreadable: UnreadableSecret[] = [];
    let updatedConfigs = 0;
    for (const row of rows) {
      const outcome = await this.reencryptRow(row, reencrypt);
      if (!outcome) continue;
      count(before, this.secrets.keptAs(outcome.before));
      count(after, this.secrets.keptAs(outcome.after));
      if (outcome.updated) updatedConfigs++;
      unreadable.push(
        ...outcome.unreadable.map((error) => ({
          deliveryConfigId: outcome.id,
          targetType: error.location.targetType,
          property: error.location.property,
          keyId: error.keyId,
          reason: error.message,
        })),
      );
    }
    const inUse = new Set(Object.keys(after));
    const unusedKeyIds = Object.keys(this.settings.secretEncryption?.keys ?? {}).filter(
      (keyId) => keyId !== this.secrets.cipher.activeKeyId && !inUse.has(keyId),
    );
    return { before, after, updatedConfigs, unusedKeyIds, unreadable };
  }

  /** One row, compare-and-set on its stored JSON; undefined when the row was deleted meanwhile. */
  private async reencryptRow(row: { id: string; targets: string }, reencrypt: boolean) {
    let current: { id: string; targets: string } | undefined = row;
    for (let attempt = 1; current; attempt++) {
      const stored = JSON.parse(current.targets) as StoredDeliveryTargets;
      const { targets, unreadable } = this.secrets.reseal(stored);
      if (!reencrypt || JSON.stringify(targets) === current.targets)
        return { id: current.id, before: stored, after: stored, unreadable, updated: false };
      const { id, targets: storedJson } = current;
      const result = await withConnectionTurn(this.dataSource, () =>
        this.dataSource
          .createQueryBuilder()
          .update(DeliveryConfigEntity)
          .set({ deliveryTargets: targets } as QueryDeepPartialEntity<DeliveryConfigEntity>)
          .where('id = :id AND delivery_targets = :stored', { id, stored: storedJson })
          .execute(),
      );
      if (result.affected === 1) return { id: current.id, before: stored, after: targets, unreadable, updated: true };
      if (attempt >= MAX_TRIES_PER_ROW) {
        throw new Error(`DeliveryConfig ${current.id} kept changing while its secrets were re-encrypted; run reencryptAll() again.`);
      }
      current = await this.dataSource
        .getRepository(DeliveryConfigEntity)
        .createQueryBuilder('config')
        .select(['config.id AS id', 'config.delivery_targets AS targets'])
        .where('config.id = :id', { id: current.id })
        .getRawOne();
    }
    return undefined;
  }
}

function count(counts: Record<string, number>, keptAs: string[]): void {
  for (const keyId of keptAs) counts[keyId] = (counts[keyId] ?? 0) + 1;
}

function describeCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length === 0
    ? 'none'
    : entries.map(([keyId, n]) => `${n} ${keyId === PLAINTEXT ? 'in plaintext' : `under ${keyId}`}`).join(', ');
}
