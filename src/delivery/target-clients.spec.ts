import type { DeliveryTargetHandler } from '../delivery-targets';
import type { TrackingEventsSettings } from '../options';
import { RoutingSnapshot, type RoutingTable } from '../routing/routing-table';
import { TargetClients } from './target-clients';

/** A target whose clients are numbered, and which records what it opened and closed. */
function recordingTarget(openFails: () => boolean = () => false) {
  const opened: string[] = [];
  const closed: string[] = [];
  const handler: DeliveryTargetHandler<object, string> = {
    configModel: Object,
    deliver: async () => ({ status: 'delivered' }),
    openClient: async (config, deliveryConfigId) => {
      if (openFails()) throw new Error('broker unreachable');
      const client = `${deliveryConfigId}#${opened.length + 1}:${JSON.stringify(config)}`;
      opened.push(client);
      return client;
    },
    closeClient: async (client) => {
      closed.push(client);
    },
  };
  return { handler: handler as DeliveryTargetHandler<object, unknown>, opened, closed };
}

/** A routing snapshot with these DeliveryConfigs' targets. */
function routing(configs: Record<string, Record<string, object>>): RoutingSnapshot {
  const entities = Object.entries(configs).map(([id, deliveryTargets]) => [id, { id, enabled: true, deliveryTargets }]);
  return new RoutingSnapshot(new Map(), new Map(entities as never), new Map());
}

const settings = { reliability: { shutdownGraceMs: 1_000 } } as TrackingEventsSettings;

describe('TargetClients', () => {
  let clients: TargetClients;

  beforeEach(() => {
    clients = new TargetClients({} as RoutingTable, settings);
  });

  afterEach(() => clients.onApplicationShutdown());

  const use = (handler: DeliveryTargetHandler<object, unknown>, deliveryConfigId: string, config: object) =>
    clients.withClient('Kafka', handler, deliveryConfigId, config, new AbortController().signal, async (client) => client);

  it('opens one client per DeliveryConfig and reuses it while its configuration stays the same', async () => {
    const { handler, opened } = recordingTarget();
    await use(handler, 'orders', { Topic: 'a' });
    await use(handler, 'orders', { Topic: 'a' });
    await use(handler, 'returns', { Topic: 'a' });
    expect(opened).toEqual(['orders#1:{"Topic":"a"}', 'returns#2:{"Topic":"a"}']);
  });

  it('opens a new client when the configuration changes, and closes the old one once no delivery uses it', async () => {
    const { handler, opened, closed } = recordingTarget();
    let release!: () => void;
    const inFlight = clients.withClient(
      'Kafka',
      handler,
      'orders',
      { Topic: 'a' },
      new AbortController().signal,
      () => new Promise<void>((resolve) => (release = resolve)),
    );
    await new Promise(setImmediate);

    expect(await use(handler, 'orders', { Topic: 'b' })).toBe('orders#2:{"Topic":"b"}');
    expect(closed).toEqual([]);
    release();
    await inFlight;
    await new Promise(setImmediate);
    expect(closed).toEqual([opened[0]]);
  });

  it('closes the clients of targets that the configuration no longer has', async () => {
    const { handler, opened, closed } = recordingTarget();
    await use(handler, 'orders', { Topic: 'a' });
    await use(handler, 'returns', { Topic: 'a' });
    clients.retainConfigured(routing({ returns: { Kafka: { Topic: 'a' } } }));
    await new Promise(setImmediate);
    expect(closed).toEqual([opened[0]]);
  });

  it('opens a client anew after it failed to open', async () => {
    let failing = true;
    const { handler, opened } = recordingTarget(() => failing);
    await expect(use(handler, 'orders', { Topic: 'a' })).rejects.toThrow('broker unreachable');
    failing = false;
    expect(await use(handler, 'orders', { Topic: 'a' })).toBe(opened[0]);
  });

  it('closes every client at shutdown', async () => {
    const { handler, opened, closed } = recordingTarget();
    await use(handler, 'orders', { Topic: 'a' });
    await use(handler, 'returns', { Topic: 'b' });
    await clients.onApplicationShutdown();
    expect(closed.sort()).toEqual([...opened].sort());
  });

  it('hands a target without clients undefined, and opens nothing', async () => {
    const handler = { configModel: Object, deliver: async () => ({ status: 'delivered' as const }) };
    expect(await use(handler, 'orders', {})).toBeUndefined();
  });
});
