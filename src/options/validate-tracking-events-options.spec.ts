import { InvalidTrackingEventsOptionError } from './invalid-tracking-events-option.error';
import { validateTrackingEventsOptions } from './validate-tracking-events-options';

describe('validateTrackingEventsOptions', () => {
  const commerceData = { getOrder: async () => null, listLineItems: async () => [], getUser: async () => null };
  const valid = { resolveCaller: () => null, apiClientExists: () => true, resolveContext: () => null, commerceData };

  it('accepts complete options and hands on the host objects as they were given', () => {
    const options = validateTrackingEventsOptions({
      ...valid,
      redis: 'redis://127.0.0.1:6379/2',
      queuePrefix: 'shop',
      delivery: { attempts: 5, targets: { Http: { attempts: 10 } } },
    });
    expect(options.resolveCaller).toBe(valid.resolveCaller);
    expect(options.commerceData).toBe(commerceData);
  });

  it('accepts a Redis Cluster with its ioredis options, and a queue prefix with a hash tag', () => {
    const redis = { cluster: { nodes: ['10.0.0.1:6379', { host: 'redis-2', port: 6380 }], options: { redisOptions: { password: 'p' } } } };
    expect(validateTrackingEventsOptions({ ...valid, redis, queuePrefix: '{shop}' }).redis).toEqual(redis);
  });

  it('names a missing option and how to fix it', () => {
    const { apiClientExists: _, ...missing } = valid;
    expect(() => validateTrackingEventsOptions(missing)).toThrow(
      /option "apiClientExists" must be a function \(clientId\) => boolean, got nothing\. Fix: pass apiClientExists/,
    );
  });

  it('names an option of the wrong type', () => {
    const attempt = () => validateTrackingEventsOptions({ ...valid, resolveCaller: 'jwt' });
    expect(attempt).toThrow(InvalidTrackingEventsOptionError);
    expect(attempt).toThrow(/option "resolveCaller" must be a function .*, got the string "jwt"/);
  });

  it('checks the commerce data provider has the methods hydration calls', () => {
    expect(() => validateTrackingEventsOptions({ ...valid, commerceData: { getOrder: () => null } })).toThrow(
      /option "commerceData" must be an object with the methods getOrder, listLineItems, getUser/,
    );
  });

  it.each([
    [{ redis: 'localhost:6379' }, /option "redis" must be a redis:\/\/ URL or ioredis connection options/],
    [{ queuePrefix: 'a:b' }, /option "queuePrefix" must be 1 to 50 letters/],
    [
      { redis: { cluster: { nodes: [] } } },
      /option "redis" must be `\{ cluster: \{ nodes, options\? \} \}` alone.*Fix: e\.g\. `redis: \{ cluster:/,
    ],
    [{ redis: { cluster: { nodes: ['10.0.0.1'] } } }, /option "redis" must be `\{ cluster:/],
    [{ redis: { cluster: { nodes: [{ host: 'a', port: 1, tls: true }] } } }, /option "redis" must be `\{ cluster:/],
    [{ redis: { cluster: { nodes: ['a:1'], retries: 3 } } }, /option "redis" must be `\{ cluster:/],
    [{ redis: { cluster: { nodes: ['a:1'] }, host: 'a' } }, /option "redis" must be `\{ cluster:/],
    [{ delivery: { attempts: 0 } }, /option "delivery.attempts" must be at least 1, got 0/],
    [{ delivery: { timeoutMs: 10 } }, /option "delivery.timeoutMs" must be at least 100 ms/],
    [{ delivery: { targets: { Http: 3 } } }, /option "delivery.targets" must map target types to delivery settings/],
    [{ messageNamespaces: 'sitecore' }, /option "messageNamespaces" must be one of ordercloud, backbone, got the string "sitecore"/],
    [{ kafka: { securityProtocol: 'SSL' } }, /option "kafka.securityProtocol" must be one of SASL_SSL, SASL_PLAINTEXT, PLAINTEXT/],
    [{ kafka: { saslMechanism: 'gssapi' } }, /option "kafka.saslMechanism" must be one of plain, scram-sha-256, scram-sha-512/],
    [{ networkPolicy: { allowPrivateNetworks: 'yes' } }, /option "networkPolicy.allowPrivateNetworks" must be true or false/],
    [{ networkPolicy: { allowedHosts: ['http://a.example'] } }, /option "networkPolicy.allowedHosts" must be an array of host names/],
    [{ secretEncryption: { keys: {} } }, /option "secretEncryption.keys" must map key IDs/],
    [{ secretEncryption: { keys: { k1: 'short' } } }, /option "secretEncryption.keys" must map key IDs .*, got a value of type object/],
    [
      { secretEncryption: { keys: { k1: 'a'.repeat(64), k2: 'b'.repeat(64) } } },
      /"secretEncryption.activeKeyId" must be given when the keyring holds several keys/,
    ],
    [
      { secretEncryption: { keys: { k1: 'a'.repeat(64) }, activeKeyId: 'k9' } },
      /"secretEncryption.activeKeyId" must be the ID of a key of the keyring.*Fix: use one of k1/,
    ],
    [{ yieldToRequests: { busyUtilization: 0.2 } }, /option "yieldToRequests.busyUtilization" must be a number from 0.5 to 1/],
    [{ yieldToRequests: { maxHoldBackMs: -1 } }, /option "yieldToRequests.maxHoldBackMs" must be at least 0 ms/],
    [{ yieldToRequests: { enabled: 'no' } }, /option "yieldToRequests.enabled" must be true or false/],
    [{ privacy: { fieldPolicy: { Http: ['Email'] } } }, /option "privacy.fieldPolicy" must map target types to field policies/],
    [
      { privacy: { fieldPolicy: { Http: { hash: ['Email', 'User..Name'] } } } },
      /option "privacy.fieldPolicy.Http.hash" must be an array of field paths/,
    ],
    [
      { privacy: { fieldPolicy: { Http: { drop: ['__proto__.polluted'] } } } },
      /option "privacy.fieldPolicy.Http.drop" must be an array of field paths/,
    ],
    [
      { privacy: { fieldPolicy: { Http: { remove: ['Email'] } } } },
      /option "privacy.fieldPolicy.Http.remove" is not a known option.*drop, hash/,
    ],
    [{ health: { maxOutboxRows: -1 } }, /option "health.maxOutboxRows" must not be negative, got -1/],
    [{ health: { maxCaptureLagMs: 1.5 } }, /option "health.maxCaptureLagMs" must be a whole number of milliseconds, or null for no limit/],
    [{ health: { timeoutMs: null } }, /option "health.timeoutMs" must be a whole number of milliseconds, got null/],
    [{ health: { timeoutMs: 10 } }, /option "health.timeoutMs" must be at least 100 ms/],
    [{ health: 5 }, /option "health" must be an object/],
    [{ metrics: { enabled: 'yes' } }, /option "metrics.enabled" must be true or false/],
    [{ metrics: { registry: {} } }, /option "metrics.registry" must be a prom-client Registry/],
    [{ metrics: { prefix: 'tracking-events-' } }, /option "metrics.prefix" must be letters, digits and _/],
    [{ deliveryLog: { retentionDays: 0.0001 } }, /option "deliveryLog.retentionDays" must be a number of days from one minute/],
    [{ deliveryLog: { retentionDays: '14' } }, /option "deliveryLog.retentionDays" must be a number of days/],
    [{ jobRetention: { completedMs: 1_000 } }, /option "jobRetention.completedMs" must be at least 60000 ms/],
    [{ jobRetention: { failedMs: 1.5e6 + 0.5 } }, /option "jobRetention.failedMs" must be a whole number of milliseconds/],
    [{ jobRetention: { keepCompleted: 5 } }, /option "jobRetention.keepCompleted" is not a known option.*completedMs, failedMs/],
    [{ dashboard: { enabled: 'yes' } }, /option "dashboard.enabled" must be true or false/],
    [{ dashboard: { path: 'admin/tracking' } }, /option "dashboard.path" must be a path such as \/admin\/tracking/],
    [{ dashboard: { path: '/admin/tracking/' } }, /option "dashboard.path" must be a path .*no trailing slash/],
    [{ dashboard: { path: '/admin/<script>' } }, /option "dashboard.path" must be a path/],
    [
      { dashboard: { apiBaseUrl: 'javascript:alert(1)' } },
      /option "dashboard.apiBaseUrl" must be a path starting with \/ or an http\(s\) URL/,
    ],
    [{ dashboard: { apiBaseUrl: '//evil.example/v1' } }, /option "dashboard.apiBaseUrl" must be a path/],
    [{ dashboard: { signIn: { tokenUrl: '/oauth/token' } } }, /option "dashboard.signIn" must be `{ tokenUrl, clientId }`/],
    [{ dashboard: { signIn: { tokenUrl: '/oauth/token', clientId: 'c', secret: 's' } } }, /option "dashboard.signIn" must be/],
    [{ dashboard: { refreshSeconds: 0 } }, /option "dashboard.refreshSeconds" must be at least 1 second/],
    [{ dashboard: { route: '/x' } }, /option "dashboard.route" is not a known option.*enabled, path, apiBaseUrl/],
  ])('names a nested or optional option that is wrong: %j', (extra, message) => {
    expect(() => validateTrackingEventsOptions({ ...valid, ...extra })).toThrow(message);
  });

  it('never repeats an encryption key in its message', () => {
    const key = 'c'.repeat(63);
    expect(() => validateTrackingEventsOptions({ ...valid, secretEncryption: { keys: { k1: key } } })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(key) }),
    );
  });

  it('accepts a keyring, a network policy and field policies', () => {
    const keys = { old: 'a'.repeat(64), current: Buffer.alloc(32, 7).toString('base64') };
    expect(() =>
      validateTrackingEventsOptions({
        ...valid,
        networkPolicy: {
          allowPrivateNetworks: true,
          allowedHosts: ['hooks.example.com', '*.sitecorecloud.io', '10.0.0.8', '[::1]'],
          echoResponseBodies: false,
        },
        secretEncryption: { keys, activeKeyId: 'current' },
        privacy: { fieldPolicy: { Http: { drop: ['FirstName'], hash: ['Email', 'UserContext.ID'] } } },
      }),
    ).not.toThrow();
  });

  it('accepts a delivery log window shorter than a day and job retention of minutes', () => {
    expect(() =>
      validateTrackingEventsOptions({
        ...valid,
        deliveryLog: { retentionDays: 0.25 },
        jobRetention: { completedMs: 300_000, failedMs: 86_400_000 },
      }),
    ).not.toThrow();
  });

  it('accepts health limits turned off and a registry, which it leaves as it was given', () => {
    const registry = { getSingleMetric: () => undefined, registerMetric: () => undefined, metrics: async () => '', own: { deep: [1] } };
    const options = validateTrackingEventsOptions({
      ...valid,
      health: { maxCaptureLagMs: null, maxOutboxRows: 0, maxOpenCircuits: null, maxDeadLettersLastHour: 5, timeoutMs: 500 },
      metrics: { enabled: true, registry, prefix: '' },
    });
    expect(options.metrics?.registry).toBe(registry);
  });

  it('accepts a dashboard with its sign-in form, API and Bull Board elsewhere', () => {
    const dashboard = {
      enabled: true,
      path: '/ops/tracking',
      apiBaseUrl: 'https://api.shop.example/v1',
      signIn: { tokenUrl: 'https://auth.shop.example/oauth/token', clientId: 'admin-ui' },
      bullBoardUrl: '/admin/queues',
      refreshSeconds: 10,
    };
    expect(validateTrackingEventsOptions({ ...valid, dashboard }).dashboard).toEqual(dashboard);
  });

  it('refuses an unknown option so that a typo does not pass silently', () => {
    expect(() => validateTrackingEventsOptions({ ...valid, resolveCallers: () => null })).toThrow(
      /option "resolveCallers" is not a known option\. Fix: remove it or check its spelling/,
    );
  });

  it.each([
    [{ circuitBreaker: { failureTreshold: 5 } }, 'circuitBreaker.failureTreshold', 'failureThreshold, cooldownMs, maxCooldownMs'],
    [{ reliability: { lockDuration: 500 } }, 'reliability.lockDuration', 'captureTimeoutMs, outboxRelayIntervalMs, lockDurationMs'],
    [{ delivery: { retries: 3 } }, 'delivery.retries', 'retryScheduleMs, attempts, backoffMs, timeoutMs, concurrency'],
    [{ delivery: { targets: { Http: { atempts: 3 } } } }, 'delivery.targets.Http.atempts', 'retryScheduleMs, attempts'],
    [{ deliveryLog: { retentionDay: 3 } }, 'deliveryLog.retentionDay', 'retentionDays'],
    [{ kafka: { mechanism: 'plain' } }, 'kafka.mechanism', 'securityProtocol, saslMechanism'],
    [{ yieldToRequests: { maxHoldBack: 100 } }, 'yieldToRequests.maxHoldBack', 'enabled, busyUtilization, maxHoldBackMs'],
    [{ health: { maxOutboxRow: 5 } }, 'health.maxOutboxRow', 'maxCaptureLagMs, maxOutboxRows, maxOpenCircuits'],
    [{ metrics: { enable: true } }, 'metrics.enable', 'enabled, registry, prefix'],
    [JSON.parse('{ "circuitBreaker": { "__proto__": { "failureThreshold": 1 } } }'), 'circuitBreaker.__proto__', 'failureThreshold'],
  ])('refuses a misspelt nested option, naming its path and the known ones: %j', (extra, path, known) => {
    const attempt = () => validateTrackingEventsOptions({ ...valid, ...extra });
    expect(attempt).toThrow(InvalidTrackingEventsOptionError);
    expect(attempt).toThrow(`option "${path}" is not a known option. Fix: remove it or check its spelling;`);
    expect(attempt).toThrow(known);
  });

  it("checks each target type's own delivery settings", () => {
    expect(() => validateTrackingEventsOptions({ ...valid, delivery: { targets: { Http: { attempts: 0 } } } })).toThrow(
      /option "delivery.targets.Http.attempts" must be at least 1, got 0/,
    );
  });

  it('refuses something that is not an options object', () => {
    expect(() => validateTrackingEventsOptions(undefined)).toThrow(/option "options" must be an object, got undefined/);
  });
});
