import { Injectable, Module } from '@nestjs/common';
import { Queue } from 'bullmq';
import { IsString } from 'class-validator';
import {
  BatchDeliveryResult,
  DeliveryConfigsService,
  DeliveryOutcome,
  DeliveryRequest,
  DeliveryTarget,
  DeliveryTargetHandler,
  TrackingEventPublisher,
  TrackingEventsService,
} from '../../src';
import { targetQueueName } from '../../src/queues';
import { deleteQueueKeys, REDIS_URL, uniqueQueuePrefix } from '../support/redis';
import { startTestHost, TestHost } from '../support/test-host';
import { TEST_DATABASES, TestDatabaseInstance } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

const LINE = { ID: 'l1', ProductID: 'mug', Quantity: 1, UnitPrice: 8, LineSubtotal: 8, LineTotal: 8 };

/** What reached the stream, and the one delivery whose call the test holds open. */
@Injectable()
class Stream {
  readonly arrived: string[] = [];
  held?: string;
  private releaseHeld: () => void = () => undefined;
  private readonly released = new Promise<void>((resolve) => (this.releaseHeld = resolve));

  /** Records the events of one call; the call answers once released if it holds the held event. */
  async take(eventIds: string[]): Promise<void> {
    this.arrived.push(...eventIds);
    if (this.held && eventIds.includes(this.held)) await this.released;
  }

  release(): void {
    this.releaseHeld();
  }
}

class StreamConfig {
  @IsString()
  Name: string;
}

/** A target that takes many messages per call, as Kafka does. */
@DeliveryTarget('Stream')
@Injectable()
class StreamTarget implements DeliveryTargetHandler<StreamConfig> {
  readonly configModel = StreamConfig;

  constructor(private readonly stream: Stream) {}

  async deliver(request: DeliveryRequest<StreamConfig>): Promise<DeliveryOutcome> {
    await this.stream.take([request.message.EventID]);
    return { status: 'delivered' };
  }

  async deliverBatch(requests: DeliveryRequest<StreamConfig>[]): Promise<BatchDeliveryResult[]> {
    await this.stream.take(requests.map((request) => request.message.EventID));
    return requests.map(() => ({ status: 'delivered' }));
  }
}

@Module({ providers: [Stream, StreamTarget] })
class StreamModule {}

/** One order's deliveries to a target that takes many per call go out in the order they were captured. */
describe.each(TEST_DATABASES)('Delivery order ($name)', (database) => {
  let instance: TestDatabaseInstance;
  let host: TestHost;
  let stream: Stream;
  const queuePrefix = uniqueQueuePrefix();
  const publish = async (orderId: string, lineId: string) =>
    (await host.app
      .get(TrackingEventPublisher)
      .publish('LineItemAdded', { OrderID: orderId, LineItem: { ...LINE, ID: lineId } }, { context: { ClientID: 'storefront' } }))!;

  /** Whether the event's delivery is in a job the worker has taken (active or done). */
  const takenByWorker = async (eventId: string) => {
    const jobs = await targetQueue.getJobs(['active', 'completed']);
    return jobs.some((job) => JSON.stringify(job.data).includes(eventId));
  };
  let targetQueue: Queue;

  beforeAll(async () => {
    targetQueue = new Queue(targetQueueName('Stream'), { connection: { url: REDIS_URL }, prefix: queuePrefix });
    instance = await database.create();
    host = await startTestHost(instance, {
      queuePrefix,
      hostModules: [StreamModule],
      targets: [StreamTarget],
      delivery: { attempts: 3, backoffMs: 30, timeoutMs: 30_000 },
    });
    stream = host.app.get(Stream);
    await host.app.get(DeliveryConfigsService).create({ ID: 'stream', Name: 'Stream', DeliveryTargets: { Stream: { Name: 'orders' } } });
    await host.app
      .get(TrackingEventsService)
      .create({ ID: 'stream-adds', EventType: 'LineItemAdded', ClientID: 'storefront', Name: 'Adds', DeliveryConfigID: 'stream' });
  });

  afterAll(async () => {
    stream?.release();
    await host?.close();
    await targetQueue?.close();
    await instance?.drop();
    await deleteQueueKeys(queuePrefix);
  });

  it("holds an order's next delivery until the call with the one before it has answered", async () => {
    const first = await publish('order-1', 'l1');
    stream.held = first;
    await waitFor("the order's first delivery", () => stream.arrived.includes(first));

    const next = await publish('order-1', 'l2');
    const otherOrder = await publish('order-2', 'l1');
    // Taken by the worker while the first call is held: a worker that did not wait would send it now.
    await waitFor('the next delivery to be taken', () => takenByWorker(next));
    expect(stream.arrived).toEqual([first]);

    stream.release();
    await waitFor('the other deliveries', () => stream.arrived.includes(next) && stream.arrived.includes(otherOrder));
    expect(stream.arrived.indexOf(next)).toBeGreaterThan(stream.arrived.indexOf(first));
  });
});
