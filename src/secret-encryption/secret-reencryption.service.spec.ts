import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DeliveryConfigEntity, type StoredDeliveryTargets } from '../entities';
import { migratedSqliteDataSource } from '../migrations/sqlite-data-source.fixtures';
import type { SecretEncryptionSettings, TrackingEventsSettings } from '../options';
import { deliveryTargetSecrets } from './delivery-target-secrets.fixtures';
import { SecretReencryptionService } from './secret-reencryption.service';

/** The part of better-sqlite3's handle used here (the package ships no types). */
interface BetterSqlite3Database {
  prepare(sql: string): { run(...parameters: unknown[]): unknown };
}

const K1 = '1'.repeat(64);
const K2 = '2'.repeat(64);

describe('SecretReencryptionService', () => {
  let dataSource: DataSource;
  const repository = () => dataSource.getRepository(DeliveryConfigEntity);
  const serviceWith = (keyring: Required<SecretEncryptionSettings>) => {
    const secrets = deliveryTargetSecrets(keyring);
    return {
      secrets,
      service: new SecretReencryptionService(dataSource, { secretEncryption: keyring } as TrackingEventsSettings, secrets),
    };
  };
  const http = (secret: unknown) => ({ Http: { Endpoint: 'https://hooks.example', Secret: secret } });
  const storedTargets = async (id: string) => (await repository().findOneByOrFail({ id })).deliveryTargets;

  beforeEach(async () => {
    dataSource = await migratedSqliteDataSource();
    const { secrets: underK1 } = serviceWith({ keys: { k1: K1 }, activeKeyId: 'k1' });
    await repository().save([
      { id: 'plain', name: 'plain', deliveryTargets: http('plain-secret') },
      { id: 'old', name: 'old', deliveryTargets: underK1.seal(http('old-secret')) },
    ]);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await dataSource.destroy();
  });

  it('encrypts plaintext secrets and re-encrypts those under another key with the active key, and counts them', async () => {
    const { secrets, service } = serviceWith({ keys: { k1: K1, k2: K2 }, activeKeyId: 'k2' });
    expect(await service.reencryptAll()).toEqual({
      before: { plaintext: 1, k1: 1 },
      after: { k2: 2 },
      updatedConfigs: 2,
      unusedKeyIds: ['k1'],
      unreadable: [],
    });
    for (const [id, plaintext] of [
      ['plain', 'plain-secret'],
      ['old', 'old-secret'],
    ]) {
      const stored = await storedTargets(id);
      expect(stored.Http.Secret).toMatchObject({ $encrypted: 'aes-256-gcm', KeyId: 'k2' });
      expect(secrets.open(stored).targets).toEqual(http(plaintext));
    }
    expect((await service.reencryptAll()).updatedConfigs).toBe(0);
  });

  it('leaves a secret it cannot decrypt as it is and reports it by key ID, never by value', async () => {
    const { service } = serviceWith({ keys: { k2: K2 }, activeKeyId: 'k2' });
    const before = await storedTargets('old');
    const report = await service.reencryptAll();
    expect(report.after).toEqual({ k2: 1, k1: 1 });
    expect(report.unreadable).toEqual([
      {
        deliveryConfigId: 'old',
        targetType: 'Http',
        property: 'Secret',
        keyId: 'k1',
        reason: 'DeliveryTargets.Http.Secret cannot be decrypted: it is encrypted with key "k1", which is not in secretEncryption.keys.',
      },
    ]);
    expect(await storedTargets('old')).toEqual(before);
  });

  it('does not overwrite an admin write made between its read and its update: it reads the row again', async () => {
    const { secrets, service } = serviceWith({ keys: { k1: K1, k2: K2 }, activeKeyId: 'k2' });
    const database = (dataSource.driver as unknown as { databaseConnection: BetterSqlite3Database }).databaseConnection;
    const reseal = secrets.reseal.bind(secrets);
    let written = false;
    jest.spyOn(secrets, 'reseal').mockImplementation((targets: StoredDeliveryTargets) => {
      if (!written) {
        written = true;
        // An admin PATCH committed while the pass works on its copy of the row (better-sqlite3 writes at once).
        database
          .prepare('UPDATE oc_delivery_configs SET delivery_targets = ? WHERE id = ?')
          .run(JSON.stringify(http('patched-secret')), 'old');
      }
      return reseal(targets);
    });
    await service.reencryptAll();
    expect(secrets.open(await storedTargets('old')).targets).toEqual(http('patched-secret'));
    expect((await storedTargets('old')).Http.Secret).toMatchObject({ KeyId: 'k2' });
  });

  it('warns at a production boot without a keyring, and names the keys of encrypted secrets it cannot read', async () => {
    const warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const environment = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      new SecretReencryptionService(
        dataSource,
        { secretEncryption: null } as TrackingEventsSettings,
        deliveryTargetSecrets(),
      ).onApplicationBootstrap();
    } finally {
      process.env.NODE_ENV = environment;
    }
    expect(warnings).toHaveBeenCalledWith(
      expect.stringMatching(/secrets are stored in plaintext .*Set TrackingEventsModule's `secretEncryption/),
    );
    for (let tries = 0; errors.mock.calls.length === 0 && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(errors).toHaveBeenCalledTimes(1);
    expect(errors.mock.calls[0][0]).toMatch(
      /^1 DeliveryConfig secret\(s\) cannot be decrypted with this process' keyring \(key ID\(s\) k1\): old Http\.Secret\./,
    );
    expect(await storedTargets('plain')).toEqual(http('plain-secret'));
  });
});
