import { Controller, Get, Injectable, Module } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import {
  DeliveryConfigsService,
  DeliveryOutcome,
  DeliveryRequest,
  DeliveryTarget,
  DeliveryTargetHandler,
  TrackingEventsService,
} from '../../src';
import { deleteQueueKeys, uniqueQueuePrefix } from '../support/redis';
import { TEST_DATABASES } from '../support/test-databases';
import { startTestHost, TestCartService, TestHost } from '../support/test-host';
import { pause, waitFor } from '../support/wait-for';

/** When each delivery reached the host target. */
@Injectable()
class Arrivals {
  readonly at: number[] = [];
}

class NoConfig {}

@DeliveryTarget('Arrival')
@Injectable()
class ArrivalTarget implements DeliveryTargetHandler<NoConfig> {
  readonly configModel = NoConfig;

  constructor(private readonly arrivals: Arrivals) {}

  async deliver(_request: DeliveryRequest<NoConfig>): Promise<DeliveryOutcome> {
    this.arrivals.at.push(Date.now());
    return { status: 'delivered' };
  }
}

/** A shop route that keeps the event loop busy, as a request of a saturated shop does. */
@Controller('busy')
class BusyController {
  @Get()
  work(): string {
    const until = performance.now() + 20;
    while (performance.now() < until);
    return 'done';
  }
}

@Module({ controllers: [BusyController], providers: [Arrivals, ArrivalTarget] })
class ShopRoutesModule {}

/** Keeps `connections` requests to the busy route in flight until `stop()`. */
function loadOf(baseUrl: string, connections = 4) {
  let running = true;
  const loops = Array.from({ length: connections }, async () => {
    while (running) await (await fetch(`${baseUrl}/busy`)).text();
  });
  return {
    get running() {
      return running;
    },
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

const database = TEST_DATABASES[0];

describe(`Workers in the API process give way to its requests (${database.name})`, () => {
  async function withHost(
    yieldToRequests: { enabled?: boolean; maxHoldBackMs?: number },
    test: (host: TestHost, baseUrl: string, arrivals: Arrivals) => Promise<void>,
    reliability: { lockDurationMs?: number } = {},
  ): Promise<void> {
    const queuePrefix = uniqueQueuePrefix();
    const instance = await database.create();
    const host = await startTestHost(instance, {
      queuePrefix,
      hostModules: [ShopRoutesModule],
      targets: [ArrivalTarget],
      // Well below the busy route's load: one reading of a process the machine descheduled must not end a hold.
      yieldToRequests: { busyUtilization: 0.5, ...yieldToRequests },
      reliability,
    });
    try {
      await host.app.listen(0, '127.0.0.1');
      const { port } = host.app.getHttpServer().address() as AddressInfo;
      const configId = `arrivals-${queuePrefix}`;
      await host.app.get(DeliveryConfigsService).create({ ID: configId, Name: 'Arrivals', DeliveryTargets: { Arrival: {} } });
      await host.app
        .get(TrackingEventsService)
        .create({ EventType: 'LineItemAdded', ClientID: 'storefront', Name: 'Adds', DeliveryConfigID: configId });
      await test(host, `http://127.0.0.1:${port}`, host.app.get(Arrivals));
    } finally {
      await host.close();
      await instance.drop();
      await deleteQueueKeys(queuePrefix);
    }
  }

  it('holds the routing and the delivery of an event while requests keep the loop busy, and delivers it as soon as they stop', async () => {
    await withHost({}, async (host, baseUrl, arrivals) => {
      const load = loadOf(baseUrl);
      try {
        await pause(300);
        await host.app.get(TestCartService).addLine('order-held', 'beans', 1, 5);
        // Captured, yet neither routed (no delivery queued) nor delivered while the shop is busy.
        await pause(2_000);
        expect(await host.routedDeliveries({ waitForStream: false })).toEqual([]);
        expect(arrivals.at).toEqual([]);
      } finally {
        await load.stop();
      }
      await waitFor('the held delivery', () => arrivals.at.length === 1);
    });
  });

  it('holds the routing no longer than half the lock duration, so that no other router takes the entries over', async () => {
    await withHost(
      {},
      async (host, baseUrl, arrivals) => {
        const load = loadOf(baseUrl);
        try {
          await pause(300);
          await host.app.get(TestCartService).addLine('order-routed', 'beans', 1, 5);
          // Routed within half of the 2 s lock duration (and a sampling interval or two), the delivery still held.
          await waitFor('the event to be routed', async () => (await host.routedDeliveries({ waitForStream: false })).length === 1, 5_000);
          expect(load.running).toBe(true);
          await pause(1_000);
          expect(arrivals.at).toEqual([]);
        } finally {
          await load.stop();
        }
        await waitFor('the held delivery', () => arrivals.at.length === 1);
      },
      { lockDurationMs: 2_000 },
    );
  });

  it('lets a delivery go after maxHoldBackMs even while the shop stays busy', async () => {
    await withHost({ maxHoldBackMs: 1_000 }, async (host, baseUrl, arrivals) => {
      const load = loadOf(baseUrl);
      try {
        await pause(300);
        const capturedAt = Date.now();
        await host.app.get(TestCartService).addLine('order-bounded', 'beans', 1, 5);
        await waitFor('the delivery, with the load still on', () => arrivals.at.length === 1, 15_000);
        expect(load.running).toBe(true);
        expect(arrivals.at[0] - capturedAt).toBeGreaterThanOrEqual(900);
      } finally {
        await load.stop();
      }
    });
  });

  it('delivers during the load when yielding is off', async () => {
    await withHost({ enabled: false }, async (host, baseUrl, arrivals) => {
      const load = loadOf(baseUrl);
      try {
        await pause(300);
        await host.app.get(TestCartService).addLine('order-now', 'beans', 1, 5);
        await waitFor('the delivery, with the load still on', () => arrivals.at.length === 1);
        expect(load.running).toBe(true);
      } finally {
        await load.stop();
      }
    });
  });
});
