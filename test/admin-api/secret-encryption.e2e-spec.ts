import { Injectable, Logger, Module } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { createHmac, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import {
  BatchDeliveryResult,
  DeadLettersService,
  DeliveryConfigEntity,
  DeliveryConfigsService,
  DeliveryOutcome,
  DeliveryRequest,
  DeliveryTarget,
  DeliveryTargetHandler,
  SecretReencryptionService,
  TrackingEventsService,
  WriteOnly,
} from '../../src';
import { startLoopbackReceiver, type LoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';
import { deleteQueueKeys, uniqueQueuePrefix } from '../support/redis';
import { startTestHost, TestCartService, type TestHost } from '../support/test-host';
import { TEST_DATABASES, type TestDatabaseInstance } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

const SECRET = 'signing-secret-0123456789';
const HEADER_VALUE = 'header-value-9876543210';
const [K1, K2, K3] = [randomBytes(32).toString('hex'), randomBytes(32).toString('base64'), randomBytes(32).toString('hex')];

/**
 * DeliveryConfig secrets encrypted in the host database: saved through the admin API, re-encrypted at
 * boot when the keyring changes, decrypted for delivery, and a secret whose key is gone fails its
 * deliveries for good (replayable) without breaking anything else.
 */
describe.each(TEST_DATABASES)('Secrets encrypted at rest ($name)', (database) => {
  let instance: TestDatabaseInstance;
  let receiver: LoopbackReceiver;
  let host: TestHost | undefined;
  let baseUrl: string;
  const queuePrefix = uniqueQueuePrefix();

  const boot = async (secretEncryption?: { keys: Record<string, string>; activeKeyId?: string }) => {
    await host?.close();
    host = await startTestHost(instance, {
      queuePrefix,
      secretEncryption,
      // The receiver listens on 127.0.0.1.
      networkPolicy: { allowPrivateNetworks: true },
      delivery: { attempts: 2, backoffMs: 30, timeoutMs: 2000 },
    });
    await host.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(host.app.getHttpServer().address() as AddressInfo).port}/integrations/deliveryconfig`;
  };
  const admin = async (method: string, id: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}/${id}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  /** The row's `delivery_targets` exactly as the database holds it. */
  const storedTargets = async (id: string): Promise<string> => {
    const row = await host!.app
      .get(DataSource)
      .createQueryBuilder()
      .select('config.delivery_targets', 'targets')
      .from(DeliveryConfigEntity, 'config')
      .where('config.id = :id', { id })
      .getRawOne<{ targets: string }>();
    return row!.targets;
  };
  const keyIdsIn = (stored: string) => [...stored.matchAll(/"KeyId":"([^"]+)"/g)].map((match) => match[1]).sort();
  const httpTarget = () => ({
    Endpoint: `${receiver.origin}/hooks`,
    Secret: SECRET,
    CustomAuthHeaderName: 'X-Api-Key',
    CustomAuthHeaderValue: HEADER_VALUE,
  });
  /** Each config is the destination of the LineItemAdded events of an API client of its own. */
  const CLIENT_OF: Record<string, string> = { legacy: 'storefront', saved: 'pos' };
  const saveConfig = async (id: string) => {
    expect((await admin('PUT', id, { Name: id, DeliveryTargets: { Http: httpTarget() } })).status).toBe(201);
    await host!.app
      .get(TrackingEventsService)
      .create({ ID: `${id}-adds`, EventType: 'LineItemAdded', ClientID: CLIENT_OF[id], Name: id, DeliveryConfigID: id });
  };
  /** Captures a LineItemAdded for each config, on order `<orderId>-<config>`. */
  const addLines = async (orderId: string, configIds: string[]) => {
    for (const id of configIds) {
      host!.context.current = { ClientID: CLIENT_OF[id], UserID: 'buyer01', Currency: 'USD' };
      await host!.app.get(TestCartService).addLine(`${orderId}-${id}`, 'mug', 1, 5);
    }
  };
  /** Waits for the deliveries of `addLines`, each signed with SECRET and carrying the custom header. */
  const expectDelivered = async (orderId: string, configIds: string[]) => {
    for (const id of configIds) {
      const request = await waitFor(`the delivery of ${orderId} to ${id}`, () =>
        receiver.received.find((received) => JSON.parse(received.body.toString()).Payload.OrderId === `${orderId}-${id}`),
      );
      expect(request.headers['x-oc-hash']).toBe(createHmac('sha256', SECRET).update(request.body).digest('base64'));
      expect(request.headers['x-api-key']).toBe(HEADER_VALUE);
    }
  };
  const deliveredLine = async (orderId: string, configIds = ['legacy', 'saved']) => {
    await addLines(orderId, configIds);
    await expectDelivered(orderId, configIds);
  };
  const expectNoPlaintext = (stored: string) => {
    expect(stored).not.toContain(SECRET);
    expect(stored).not.toContain(HEADER_VALUE);
  };

  beforeAll(async () => {
    instance = await database.create();
    receiver = await startLoopbackReceiver();
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await host?.close();
    await receiver?.close();
    await instance?.drop();
    await deleteQueueKeys(queuePrefix);
  });

  it('stores secrets as given without a keyring (as before)', async () => {
    await boot();
    await saveConfig('legacy');
    const stored = await storedTargets('legacy');
    expect(stored).toContain(SECRET);
    await deliveredLine('legacy-plain', ['legacy']);
  });

  it('encrypts a row stored in plaintext at the first boot with a keyring, and saves new secrets encrypted', async () => {
    const logs = jest.spyOn(Logger.prototype, 'log');
    await boot({ keys: { k1: K1 } });
    const stored = await waitFor('the plaintext row encrypted', async () => {
      const targets = await storedTargets('legacy');
      return !targets.includes(SECRET) && targets;
    });
    expectNoPlaintext(stored);
    expect(keyIdsIn(stored)).toEqual(['k1', 'k1']);
    await waitFor('the boot line', () =>
      logs.mock.calls.some(([line]) => String(line).includes('before 2 in plaintext, after 2 under k1')),
    );
    logs.mockRestore();

    await saveConfig('saved');
    const saved = await storedTargets('saved');
    expectNoPlaintext(saved);
    expect(JSON.parse(saved).Http).toMatchObject({
      Endpoint: `${receiver.origin}/hooks`,
      Secret: { $encrypted: 'aes-256-gcm', KeyId: 'k1' },
      CustomAuthHeaderName: 'X-Api-Key',
      CustomAuthHeaderValue: { $encrypted: 'aes-256-gcm', KeyId: 'k1' },
    });
    const shown = await admin('GET', 'saved');
    expect(shown.body.DeliveryTargets).toEqual({ Http: { Endpoint: `${receiver.origin}/hooks`, CustomAuthHeaderName: 'X-Api-Key' } });
    await deliveredLine('legacy-k1');
  });

  it('keeps stored encrypted secrets through a PATCH and a PUT that leave them out, and refuses a ciphertext sent as a value', async () => {
    expect((await admin('PATCH', 'saved', { Name: 'renamed' })).status).toBe(200);
    const { Http } = JSON.parse(await storedTargets('saved'));
    expect(
      (
        await admin('PUT', 'saved', {
          Name: 'saved',
          DeliveryTargets: { Http: { Endpoint: `${receiver.origin}/hooks`, CustomAuthHeaderName: 'X-Api-Key' } },
        })
      ).status,
    ).toBe(200);
    expect(JSON.parse(await storedTargets('saved')).Http).toEqual(Http);
    const pasted = await admin('PATCH', 'saved', {
      DeliveryTargets: { Http: { Secret: JSON.parse(await storedTargets('legacy')).Http.Secret } },
    });
    expect(pasted.status).toBe(400);
    await deliveredLine('after-patch');
  });

  it('rotates: booted with k1 and k2, k2 active, every secret moves under k2 and delivery goes on', async () => {
    const logs = jest.spyOn(Logger.prototype, 'log');
    await boot({ keys: { k1: K1, k2: K2 }, activeKeyId: 'k2' });
    await waitFor('the rows re-encrypted under k2', async () => {
      const all = [...keyIdsIn(await storedTargets('legacy')), ...keyIdsIn(await storedTargets('saved'))];
      return all.every((keyId) => keyId === 'k2');
    });
    await waitFor('the unused key named', () =>
      logs.mock.calls.some(([line]) => String(line).includes('no secret uses key(s) k1 any more: they may be removed')),
    );
    logs.mockRestore();
    await deliveredLine('rotated');
  });

  it('delivers once the old key is removed from the keyring', async () => {
    await boot({ keys: { k2: K2 } });
    await deliveredLine('k1-removed');
    expect(await host!.app.get(SecretReencryptionService).reencryptAll()).toEqual({
      before: { k2: 4 },
      after: { k2: 4 },
      updatedConfigs: 0,
      unusedKeyIds: [],
      unreadable: [],
    });
  });

  it('fails the deliveries of a config whose key is missing for good, with a clear reason, and keeps the admin API working', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    await boot({ keys: { k3: K3 } });
    await waitFor('the boot error', () =>
      errors.mock.calls.some(([line]) => /4 DeliveryConfig secret\(s\) cannot be decrypted .*\(key ID\(s\) k2\)/.test(String(line))),
    );
    expect(JSON.stringify(errors.mock.calls)).not.toContain(SECRET);
    errors.mockRestore();

    await addLines('lost-key', ['legacy', 'saved']);
    const letters = await waitFor('the dead letters', async () => {
      const page = await host!.app.get(DeadLettersService).list({ pageSize: '100' });
      const found = page.Items.filter((letter) => JSON.stringify(letter.Message).includes('lost-key'));
      return found.length === 2 && found;
    });
    for (const letter of letters) {
      expect(letter.Attempts).toHaveLength(1);
      expect(letter.LastError).toBe(
        `DeliveryConfig ${letter.DeliveryConfigID}: DeliveryTargets.Http.Secret cannot be decrypted: it is encrypted with key "k2", ` +
          'which is not in secretEncryption.keys. Fix secretEncryption.keys, then replay the dead letter',
      );
    }
    expect(receiver.received.some((received) => received.body.toString().includes('lost-key'))).toBe(false);

    expect((await admin('GET', 'saved')).status).toBe(200);
    const before = await storedTargets('saved');
    const patched = await admin('PATCH', 'saved', { Name: 'still editable' });
    expect(patched.status).toBe(200);
    expect(patched.body.Name).toBe('still editable');
    expect(JSON.parse(await storedTargets('saved')).Http).toEqual(JSON.parse(before).Http);

    // The keyring fixed: the dead letters are replayed and delivered with the stored secrets.
    await boot({ keys: { k2: K2, k3: K3 }, activeKeyId: 'k3' });
    for (const letter of letters) await host!.app.get(DeadLettersService).replay(letter.ID);
    await expectDelivered('lost-key', ['legacy', 'saved']);
  });
});

class VaultAuth {
  @WriteOnly()
  @IsString()
  Token: string;
}

class VaultConfig {
  @IsString()
  Book: string;

  @ValidateNested()
  @Type(() => VaultAuth)
  Auth: VaultAuth;
}

/** A host target that takes many messages per call and whose secret is nested: the tokens it was called with. */
@DeliveryTarget('Vault')
@Injectable()
class VaultTarget implements DeliveryTargetHandler<VaultConfig, undefined> {
  static readonly tokens: string[] = [];
  readonly configModel = VaultConfig;

  async deliver(request: DeliveryRequest<VaultConfig, undefined>): Promise<DeliveryOutcome> {
    VaultTarget.tokens.push(request.config.Auth.Token);
    return { status: 'delivered' };
  }

  async deliverBatch(requests: DeliveryRequest<VaultConfig, undefined>[]): Promise<BatchDeliveryResult[]> {
    VaultTarget.tokens.push(...requests.map((request) => request.config.Auth.Token));
    return requests.map(() => ({ status: 'delivered' }));
  }
}

@Module({ providers: [VaultTarget] })
class VaultModule {}

describe.each(TEST_DATABASES)('A nested secret of a batch host target encrypted at rest ($name)', (database) => {
  let instance: TestDatabaseInstance;
  let host: TestHost | undefined;
  const queuePrefix = uniqueQueuePrefix();
  const boot = async (keys: Record<string, string>) => {
    await host?.close();
    host = await startTestHost(instance, {
      queuePrefix,
      secretEncryption: { keys },
      hostModules: [VaultModule],
      targets: [VaultTarget],
      delivery: { attempts: 3, backoffMs: 30, timeoutMs: 2000 },
    });
  };

  beforeAll(async () => {
    instance = await database.create();
    VaultTarget.tokens.length = 0;
  });

  afterAll(async () => {
    await host?.close();
    await instance?.drop();
    await deleteQueueKeys(queuePrefix);
  });

  it('encrypts the nested secret, hands it decrypted to deliverBatch, and fails that batch delivery for good once its key is gone', async () => {
    await boot({ k1: K1 });
    await host!.app
      .get(DeliveryConfigsService)
      .create({ ID: 'vault', Name: 'Vault', DeliveryTargets: { Vault: { Book: 'sales', Auth: { Token: 'vault-token' } } } });
    await host!.app
      .get(TrackingEventsService)
      .create({ ID: 'vault-adds', EventType: 'LineItemAdded', ClientID: 'storefront', Name: 'Vault', DeliveryConfigID: 'vault' });
    const row = await host!.app.get(DataSource).getRepository(DeliveryConfigEntity).findOneByOrFail({ id: 'vault' });
    expect(JSON.stringify(row.deliveryTargets)).not.toContain('vault-token');
    expect(row.deliveryTargets.Vault).toMatchObject({ Book: 'sales', Auth: { Token: { $encrypted: 'aes-256-gcm', KeyId: 'k1' } } });

    await host!.app.get(TestCartService).addLine('vault-1', 'mug', 1, 5);
    await waitFor('the batch delivery', () => VaultTarget.tokens.length === 1);
    expect(VaultTarget.tokens).toEqual(['vault-token']);

    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    await boot({ k2: K2 });
    await host!.app.get(TestCartService).addLine('vault-2', 'mug', 1, 5);
    const letter = await waitFor('the dead letter', async () => (await host!.app.get(DeadLettersService).list({})).Items[0]);
    expect(letter.LastError).toBe(
      'DeliveryConfig vault: DeliveryTargets.Vault.Auth.Token cannot be decrypted: it is encrypted with key "k1", ' +
        'which is not in secretEncryption.keys. Fix secretEncryption.keys, then replay the dead letter',
    );
    expect(VaultTarget.tokens).toHaveLength(1);
    jest.restoreAllMocks();
  });
});
