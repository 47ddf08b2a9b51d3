import { Injectable, Module } from '@nestjs/common';
import { IsOptional, IsString } from 'class-validator';
import {
  BatchDeliveryResult,
  DeliveryConfigsService,
  DeliveryFailedError,
  DeliveryOutcome,
  DeliveryRequest,
  DeliveryTarget,
  DeliveryTargetHandler,
  TrackingEventsService,
  WriteOnly,
} from '../../src';
import { deleteQueueKeys, uniqueQueuePrefix } from '../support/redis';
import { startTestHost, TestCartService, TestHost } from '../support/test-host';
import { TEST_DATABASES, TestDatabaseInstance } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

/** A service of a host module that is not global: what a host target injects. */
@Injectable()
class Ledger {
  readonly opened: string[] = [];
  readonly closed: string[] = [];
  /** Each call of deliverBatch, with the deliveries it was given. */
  readonly batches: string[][] = [];
  /** Each call of deliver (a retry), with its attempt. */
  readonly retries: Array<{ deliveryId: string; attempt: number; client: string }> = [];
  /** Every delivery that arrived, with the client it came through. */
  readonly entries: Array<{ deliveryId: string; productId: string; client: string }> = [];
}

class LedgerConfig {
  @IsString()
  Book: string;

  @WriteOnly()
  @IsOptional()
  @IsString()
  Key?: string;
}

interface LedgerClient {
  name: string;
}

/** A host target with a client per DeliveryConfig and a call that takes many messages. */
@DeliveryTarget('Ledger')
@Injectable()
class LedgerTarget implements DeliveryTargetHandler<LedgerConfig, LedgerClient> {
  readonly configModel = LedgerConfig;
  private opens = 0;

  constructor(private readonly ledger: Ledger) {}

  async openClient(config: LedgerConfig, deliveryConfigId: string): Promise<LedgerClient> {
    const client = { name: `${deliveryConfigId}/${config.Book}/${++this.opens}` };
    this.ledger.opened.push(client.name);
    return client;
  }

  async closeClient(client: LedgerClient): Promise<void> {
    this.ledger.closed.push(client.name);
  }

  async deliver(request: DeliveryRequest<LedgerConfig, LedgerClient>): Promise<DeliveryOutcome> {
    this.ledger.retries.push({ deliveryId: request.deliveryId, attempt: request.attempt, client: request.client.name });
    this.record(request);
    return { status: 'delivered' };
  }

  async deliverBatch(requests: DeliveryRequest<LedgerConfig, LedgerClient>[]): Promise<BatchDeliveryResult[]> {
    this.ledger.batches.push(requests.map((request) => request.deliveryId));
    // A call that never ends, whatever its signal says.
    if (requests.some((request) => productOf(request) === 'ignores-signal')) return new Promise(() => undefined);
    return requests.map((request) => {
      if (productOf(request) === 'refused-once') return { failure: new DeliveryFailedError('ledger busy', { retryable: true }) };
      this.record(request);
      return { status: 'delivered' };
    });
  }

  private record(request: DeliveryRequest<LedgerConfig, LedgerClient>): void {
    this.ledger.entries.push({ deliveryId: request.deliveryId, productId: productOf(request), client: request.client.name });
  }
}

function productOf(request: DeliveryRequest<object, unknown>): string {
  return (request.message.Payload as { LineItem: { Product: { ProductID: string } } }).LineItem.Product.ProductID;
}

/** The host's module: not global, exports nothing; the library finds the target in it. */
@Module({ providers: [Ledger, LedgerTarget] })
class LedgerModule {}

describe.each(TEST_DATABASES)('A host target declared in a host module ($name)', (database) => {
  let instance: TestDatabaseInstance;
  let host: TestHost;
  let ledger: Ledger;
  let closed = false;
  const queuePrefix = uniqueQueuePrefix();
  const addLines = (orderId: string, ...productIds: string[]) =>
    Promise.all(productIds.map((productId) => host.app.get(TestCartService).addLine(orderId, productId, 1, 5)));
  const arrived = (count: number) => waitFor(`${count} ledger entries`, () => ledger.entries.length >= count);

  beforeAll(async () => {
    instance = await database.create();
    host = await startTestHost(instance, {
      queuePrefix,
      hostModules: [LedgerModule],
      targets: [LedgerTarget],
      delivery: { attempts: 3, backoffMs: 30, timeoutMs: 2000 },
    });
    ledger = host.app.get(Ledger);
    const configs = host.app.get(DeliveryConfigsService);
    const events = host.app.get(TrackingEventsService);
    await configs.create({ ID: 'books', Name: 'Books', DeliveryTargets: { Ledger: { Book: 'sales', Key: 'ledger-secret' } } });
    await events.create({ ID: 'adds', EventType: 'LineItemAdded', ClientID: 'storefront', Name: 'Adds', DeliveryConfigID: 'books' });
  });

  afterAll(async () => {
    if (!closed) await host?.close();
    await instance?.drop();
    await deleteQueueKeys(queuePrefix);
  });

  it('delivers through the instance its host module made, with the service it injects', async () => {
    expect(host.app.get(LedgerTarget)).toBeInstanceOf(LedgerTarget);
    await addLines('order-1', 'beans', 'mug', 'filter');
    await arrived(3);
    expect(ledger.entries.map((entry) => entry.productId).sort()).toEqual(['beans', 'filter', 'mug']);
    expect(JSON.stringify(await host.app.get(DeliveryConfigsService).get('books'))).not.toContain('ledger-secret');
  });

  it('makes first attempts through deliverBatch and reuses one client per DeliveryConfig', async () => {
    await addLines('order-2', 'cup', 'saucer');
    await arrived(5);
    expect(ledger.batches.flat()).toHaveLength(5);
    expect(ledger.retries).toEqual([]);
    expect(ledger.opened).toEqual(['books/sales/1']);
    expect(new Set(ledger.entries.map((entry) => entry.client))).toEqual(new Set(['books/sales/1']));
  });

  it('retries a request the batch failed on its own, through deliver', async () => {
    await addLines('order-3', 'refused-once');
    await arrived(6);
    expect(ledger.retries).toEqual([expect.objectContaining({ attempt: 2, client: 'books/sales/1' })]);
    expect(ledger.entries.at(-1)).toMatchObject({ productId: 'refused-once' });
  });

  it('opens a new client when the configuration changes, and closes the old one', async () => {
    await host.app.get(DeliveryConfigsService).patch('books', { DeliveryTargets: { Ledger: { Book: 'returns' } } });
    await addLines('order-4', 'lid');
    await arrived(7);
    expect(ledger.entries.at(-1)).toEqual(expect.objectContaining({ productId: 'lid', client: 'books/returns/2' }));
    await waitFor('the old client to close', () => ledger.closed.includes('books/sales/1'));
    expect(ledger.opened).toEqual(['books/sales/1', 'books/returns/2']);
  });

  it('gives up on a call that ignores its attempt signal and never ends, and retries its deliveries', async () => {
    await addLines('order-hang', 'ignores-signal');
    await arrived(8);
    expect(ledger.entries.at(-1)).toMatchObject({ productId: 'ignores-signal' });
    expect(ledger.retries.at(-1)).toMatchObject({ attempt: 2 });
    // The target's queue goes on.
    await addLines('order-after-hang', 'spoon');
    await arrived(9);
  });

  it('closes a client when its DeliveryConfig no longer has the target, and every client at shutdown', async () => {
    const configs = host.app.get(DeliveryConfigsService);
    const events = host.app.get(TrackingEventsService);
    await configs.create({ ID: 'archive', Name: 'Archive', DeliveryTargets: { Ledger: { Book: 'archive' } } });
    await events.patch('adds', { DeliveryConfigID: 'archive' });
    await configs.delete('books');
    await addLines('order-5', 'tray');
    await arrived(10);
    expect(ledger.entries.at(-1)).toEqual(expect.objectContaining({ productId: 'tray', client: 'archive/archive/3' }));
    await waitFor('the removed configuration to close its client', () => ledger.closed.includes('books/returns/2'));

    await host.close();
    closed = true;
    expect(ledger.closed.sort()).toEqual(['archive/archive/3', 'books/returns/2', 'books/sales/1']);
  });
});
