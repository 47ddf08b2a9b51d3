import { DEFAULT_RETRY_SCHEDULE_MS } from './delivery-policy';
import { resolveTrackingEventsExtras, resolveTrackingEventsSettings, TRACKING_EVENTS_DEFAULTS } from './tracking-events-settings';

describe('resolveTrackingEventsSettings', () => {
  const commerceData = { getOrder: async () => null, listLineItems: async () => [], getUser: async () => null };
  const required = { resolveCaller: () => null, apiClientExists: () => true, resolveContext: () => null, commerceData };

  it('fills in every default, so that no part of the module has one of its own', () => {
    const settings = resolveTrackingEventsSettings(required);
    expect(settings).toMatchObject({
      enabled: true,
      redis: { cluster: null, options: { host: '127.0.0.1', port: 6379, db: 0 } },
      queuePrefix: 'bull',
      reliability: TRACKING_EVENTS_DEFAULTS.reliability,
      circuitBreaker: TRACKING_EVENTS_DEFAULTS.circuitBreaker,
      yieldToRequests: { enabled: true, busyUtilization: 0.9, maxHoldBackMs: 60_000 },
      deliveryLog: { retentionDays: 14 },
      jobRetention: { completedMs: 3_600_000, failedMs: 30 * 24 * 3_600_000 },
      messageNamespaces: 'ordercloud',
      kafka: { securityProtocol: 'SASL_SSL', saslMechanism: 'plain' },
      health: { maxCaptureLagMs: 300_000, maxOutboxRows: 10_000, maxOpenCircuits: null, maxDeadLettersLastHour: null, timeoutMs: 3_000 },
      metrics: { enabled: false, registry: null, prefix: 'tracking_events_' },
      dashboard: null,
    });
    expect(settings.delivery.policyFor('Http')).toMatchObject({ attempts: DEFAULT_RETRY_SCHEDULE_MS.length + 1, timeoutMs: 10_000 });
    expect(settings.commerceData).toBe(commerceData);
  });

  it('keeps what the host set, defaults for the rest, and an option given as undefined takes its default', () => {
    const settings = resolveTrackingEventsSettings({
      ...required,
      enabled: false,
      redis: 'redis://cache:6380/2',
      queuePrefix: 'shop',
      reliability: { lockDurationMs: 60_000, shutdownGraceMs: undefined },
      circuitBreaker: { failureThreshold: 3 },
      yieldToRequests: { maxHoldBackMs: 5_000 },
      delivery: { attempts: 4, targets: { Http: { attempts: 2 } } },
      messageNamespaces: 'backbone',
      kafka: { saslMechanism: 'scram-sha-512' },
      health: { maxOutboxRows: null, maxOpenCircuits: 2 },
      metrics: { enabled: true },
      dashboard: { enabled: true, bullBoardUrl: '/admin/queues', refreshSeconds: undefined },
    });
    expect(settings.dashboard).toEqual({
      path: '/admin/tracking',
      apiBaseUrl: null,
      signIn: null,
      bullBoardUrl: '/admin/queues',
      refreshSeconds: 5,
    });
    expect(settings.health).toEqual({ ...TRACKING_EVENTS_DEFAULTS.health, maxOutboxRows: null, maxOpenCircuits: 2 });
    expect(settings.metrics).toEqual({ enabled: true, registry: null, prefix: 'tracking_events_' });
    expect(settings.messageNamespaces).toBe('backbone');
    expect(settings.kafka).toEqual({ securityProtocol: 'SASL_SSL', saslMechanism: 'scram-sha-512' });
    expect(settings.enabled).toBe(false);
    expect(settings.redis).toMatchObject({ cluster: null, options: { host: 'cache', port: 6380, db: 2 } });
    expect(settings.keys.libraryKeyPrefix).toBe('shop:tracking-events');
    expect(settings.queuePrefix).toBe('shop');
    expect(settings.reliability).toEqual({ ...TRACKING_EVENTS_DEFAULTS.reliability, lockDurationMs: 60_000 });
    expect(settings.circuitBreaker).toEqual({ ...TRACKING_EVENTS_DEFAULTS.circuitBreaker, failureThreshold: 3 });
    expect(settings.yieldToRequests).toEqual({ enabled: true, busyUtilization: 0.9, maxHoldBackMs: 5_000 });
    expect(settings.delivery.policyFor('Http').attempts).toBe(2);
    expect(settings.delivery.policyFor('SendEvent').attempts).toBe(4);
  });
});

describe('resolveTrackingEventsSettings on a Redis Cluster', () => {
  const commerceData = { getOrder: async () => null, listLineItems: async () => [], getUser: async () => null };
  const required = { resolveCaller: () => null, apiClientExists: () => true, resolveContext: () => null, commerceData };
  const redis = { cluster: { nodes: ['10.0.0.1:6379'] } };

  it('hash-tags the queue names unless the prefix has a tag of its own', () => {
    expect(resolveTrackingEventsSettings({ ...required, redis }).keys.queueName('tracking-events-intake')).toBe('{tracking-events-intake}');
    expect(resolveTrackingEventsSettings({ ...required, redis, queuePrefix: '{shop}' }).keys.queueName('tracking-events-intake')).toBe(
      'tracking-events-intake',
    );
  });

  it('stops the boot on a prefix whose braces would spread a queue over several slots, saying the fix', () => {
    expect(() => resolveTrackingEventsSettings({ ...required, redis, queuePrefix: '{}shop' })).toThrow(
      /option "queuePrefix" "\{\}shop" would spread a queue's keys over several Redis Cluster slots.*Fix:/,
    );
    // One Redis has no slots: the same prefix is fine there.
    expect(resolveTrackingEventsSettings({ ...required, queuePrefix: '{}shop' }).keys.queueName('q')).toBe('q');
  });
});

describe('resolveTrackingEventsExtras', () => {
  it('fills in the static settings the host left out', () => {
    expect(resolveTrackingEventsExtras({ workers: false, targets: undefined })).toEqual({
      isGlobal: false,
      dataSource: undefined,
      adminApi: true,
      workers: false,
      targets: [],
      bullBoard: false,
    });
  });
});
