import { Controller, Get, INestApplication, Injectable, Module, ModuleMetadata, Type, ValidationPipe } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsOptional, IsString } from 'class-validator';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import {
  DeliveryConfigsService,
  DeliveryTarget,
  DeliveryTargetHandler,
  InvalidDeliveryTargetError,
  RedisUnavailableError,
  InvalidTrackingEventsOptionError,
  TRACKING_EVENTS_MIGRATIONS,
  TrackingEventsModule,
  TrackingEventsModuleOptions,
  TrackingEventsService,
  WriteOnly,
} from '../../src';
import Redis from 'ioredis';
import { toRedisSettings } from '../../src/options/redis-option';
import { assertRedisReachable } from '../../src/redis/redis-availability';
import { bodyOf } from '../support/http';
import { startPrivateRedis } from '../support/private-redis';
import { deleteQueueKeys, REDIS_URL, uniqueQueuePrefix } from '../support/redis';

const ADMIN_TOKEN = 'Bearer admin';
const queuePrefix = uniqueQueuePrefix();
const hostOptions: TrackingEventsModuleOptions = {
  resolveCaller: (request) => (request.headers.authorization === ADMIN_TOKEN ? { Roles: ['FullAccess'], UserType: 'admin' } : null),
  apiClientExists: (clientId) => clientId === 'storefront',
  resolveContext: () => null,
  commerceData: { getOrder: async () => null, listLineItems: async () => [], getUser: async () => null },
  redis: REDIS_URL,
  queuePrefix,
};
const httpTarget = { Http: { Endpoint: 'https://hooks.example.com/tracking', Secret: 's' } };
const sqlite = (name?: string) =>
  TypeOrmModule.forRoot({
    name,
    type: 'better-sqlite3',
    database: ':memory:',
    autoLoadEntities: true,
    migrations: TRACKING_EVENTS_MIGRATIONS,
    migrationsRun: true,
  });

/** A host target of the type, with the model, and the host module that provides it. */
function hostTargetFor(
  type: string,
  configModel: Type<object>,
  extra: Partial<DeliveryTargetHandler<object, unknown>> = {},
): { target: Type<DeliveryTargetHandler<object, unknown>>; module: Type } {
  @DeliveryTarget(type)
  @Injectable()
  class HostTarget implements DeliveryTargetHandler<object> {
    readonly configModel = configModel;
    constructor() {
      Object.assign(this, extra);
    }
    async deliver() {
      return { status: 'delivered' as const };
    }
  }
  @Module({ providers: [HostTarget] })
  class HostTargetModule {}
  return { target: HostTarget, module: HostTargetModule };
}

/** Boots the host and answers why it could not; an app that failed to boot is closed all the same. */
async function bootFailure(imports: ModuleMetadata['imports']): Promise<Error> {
  const moduleRef = await Test.createTestingModule({ imports }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  try {
    await app.init();
  } catch (error) {
    return error as Error;
  } finally {
    await app.close().catch(() => undefined);
  }
  throw new Error('The app booted');
}

@Controller('host')
class HostController {
  @Get()
  hello() {
    return { host: true };
  }
}

async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
}

describe('TrackingEventsModule in a host application', () => {
  let app: INestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  afterAll(async () => {
    await deleteQueueKeys(queuePrefix);
  });

  it('works with forRoot() and the host default data source found through autoLoadEntities', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [sqlite(), TrackingEventsModule.forRoot(hostOptions)] }).compile();
    app = await moduleRef.createNestApplication().init();
    const created = await app.get(DeliveryConfigsService).create({ ID: 'dc', Name: 'n', DeliveryTargets: httpTarget });
    expect(created).toEqual({
      ID: 'dc',
      Name: 'n',
      Enabled: true,
      DeliveryTargets: { Http: { Endpoint: 'https://hooks.example.com/tracking' } },
    });
    const event = await app
      .get(TrackingEventsService)
      .create({ EventType: 'OrderSubmitted', ClientID: 'storefront', Name: 'x', DeliveryConfigID: 'dc' });
    expect(event.ClientID).toBe('storefront');
  });

  it('uses the named data source it is given and leaves the default one alone', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [sqlite(), sqlite('tracking'), TrackingEventsModule.forRoot({ ...hostOptions, dataSource: 'tracking' })],
    }).compile();
    app = await moduleRef.createNestApplication().init();
    await app.get(DeliveryConfigsService).create({ ID: 'dc', Name: 'n', DeliveryTargets: httpTarget });
    const tracking = app.get<DataSource>(getDataSourceToken('tracking'));
    const defaultSource = app.get(DataSource);
    expect(await tracking.query('SELECT id FROM oc_delivery_configs')).toEqual([{ id: 'dc' }]);
    expect(await defaultSource.query('SELECT id FROM oc_delivery_configs')).toEqual([]);
  });

  it('builds its options with forRootAsync() from host providers, and takes isGlobal there too', async () => {
    @Module({ providers: [{ provide: 'CLIENTS', useValue: new Set(['storefront']) }], exports: ['CLIENTS'] })
    class ClientsModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [
        sqlite(),
        TrackingEventsModule.forRootAsync({
          isGlobal: true,
          imports: [ClientsModule],
          inject: ['CLIENTS'],
          useFactory: (clients: Set<string>) => ({ ...hostOptions, apiClientExists: (id: string) => clients.has(id) }),
        }),
      ],
    }).compile();
    app = await moduleRef.createNestApplication().init();
    await app.get(DeliveryConfigsService).create({ ID: 'dc', Name: 'n', DeliveryTargets: httpTarget });
    await expect(
      app.get(TrackingEventsService).create({ EventType: 'OrderSubmitted', ClientID: 'pos', Name: 'x', DeliveryConfigID: 'dc' }),
    ).rejects.toMatchObject({
      errors: [{ ErrorCode: 'TrackingEvent.InvalidClientID' }],
    });
  });

  it('stops the app at boot on a missing option, naming it and the fix', async () => {
    const compile = Test.createTestingModule({
      imports: [sqlite(), TrackingEventsModule.forRoot({ resolveCaller: hostOptions.resolveCaller } as TrackingEventsModuleOptions)],
    }).compile();
    await expect(compile).rejects.toThrow(InvalidTrackingEventsOptionError);
    await expect(
      Test.createTestingModule({
        imports: [sqlite(), TrackingEventsModule.forRoot({ resolveCaller: hostOptions.resolveCaller } as TrackingEventsModuleOptions)],
      }).compile(),
    ).rejects.toThrow(
      'TrackingEventsModule option "apiClientExists" must be a function (clientId) => boolean, got nothing. Fix: pass apiClientExists',
    );
  });

  it('stops the app at boot on a wrong option returned by forRootAsync()', async () => {
    const compile = Test.createTestingModule({
      imports: [sqlite(), TrackingEventsModule.forRootAsync({ useFactory: () => ({ ...hostOptions, resolveCaller: 'jwt' }) as never })],
    }).compile();
    await expect(compile).rejects.toThrow(/option "resolveCaller" must be a function \(request\) => caller \| null, got the string "jwt"/);
  });

  it('mounts no admin API with adminApi: false, and leaves the host routes and errors to the host', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [sqlite(), TrackingEventsModule.forRoot({ ...hostOptions, adminApi: false })],
      controllers: [HostController],
    }).compile();
    app = moduleRef.createNestApplication();
    const baseUrl = await listen(app);
    expect(await bodyOf(await fetch(`${baseUrl}/host`))).toEqual({ host: true });
    const response = await fetch(`${baseUrl}/integrations/TrackingEvents`, { headers: { authorization: ADMIN_TOKEN } });
    expect(response.status).toBe(404);
    expect((await bodyOf(response)).Errors).toBeUndefined();
    expect(app.get(TrackingEventsService)).toBeInstanceOf(TrackingEventsService);
  });

  it('keeps working under a strict global ValidationPipe of the host', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [sqlite(), TrackingEventsModule.forRoot(hostOptions)] }).compile();
    app = moduleRef.createNestApplication();
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
    const baseUrl = await listen(app);
    const post = (path: string, body: unknown) =>
      fetch(`${baseUrl}${path}`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { authorization: ADMIN_TOKEN, 'content-type': 'application/json' },
      });
    expect((await post('/integrations/deliveryconfig', { ID: 'dc', Name: 'n', DeliveryTargets: httpTarget })).status).toBe(201);
    const list = await fetch(`${baseUrl}/integrations/deliveryconfig?ID=dc&pageSize=5`, { headers: { authorization: ADMIN_TOKEN } });
    expect((await bodyOf(list)).Meta.TotalCount).toBe(1);
  });

  it('answers 401 when the host resolver throws, and tells the host why', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        sqlite(),
        TrackingEventsModule.forRoot({
          ...hostOptions,
          resolveCaller: () => {
            throw new Error('token service unreachable');
          },
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    const baseUrl = await listen(app);
    const response = await fetch(`${baseUrl}/integrations/TrackingEvents`);
    expect(response.status).toBe(401);
    expect((await bodyOf(response)).Errors[0].ErrorCode).toBe('InvalidToken');
  });

  it('refuses a DeliveryConfig naming a target of the library the host has not enabled, saying how to enable it', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [sqlite(), TrackingEventsModule.forRoot(hostOptions)] }).compile();
    app = await moduleRef.createNestApplication().init();
    await expect(
      app.get(DeliveryConfigsService).create({
        Name: 'n',
        DeliveryTargets: { Kafka: { BootstrapServers: 'k:9092', SaslUsername: 'u', SaslPassword: 'p', Topic: 't' } },
      }),
    ).rejects.toMatchObject({
      errors: [
        {
          ErrorCode: 'ValidationFailure',
          Message:
            "DeliveryTargets.Kafka is not enabled on this server: the host enables it by naming KafkaTarget in TrackingEventsModule's `targets`. " +
            'Supported targets: Http, SendEvent, DiscoverEvent, MessageSender.',
          Data: { Property: 'DeliveryTargets.Kafka' },
        },
      ],
    });
  });

  it("accepts a host target's type with its model, and keeps its write-only secrets out of every answer", async () => {
    class KafkaConfig {
      @IsString()
      BootstrapServers: string;

      @IsString()
      Topic: string;

      @WriteOnly()
      @IsOptional()
      @IsString()
      SaslPassword?: string;
    }
    const kafka = hostTargetFor('Kafka', KafkaConfig);
    const moduleRef = await Test.createTestingModule({
      imports: [sqlite(), kafka.module, TrackingEventsModule.forRoot({ ...hostOptions, targets: [kafka.target] })],
    }).compile();
    app = await moduleRef.createNestApplication().init();
    const configs = app.get(DeliveryConfigsService);
    const created = await configs.create({
      ID: 'both',
      Name: 'Kafka and Http',
      DeliveryTargets: { Kafka: { BootstrapServers: 'k:9092', Topic: 't', SaslPassword: 'kafka-secret' }, ...httpTarget },
    });
    expect(created.DeliveryTargets).toEqual({
      Kafka: { BootstrapServers: 'k:9092', Topic: 't' },
      Http: { Endpoint: httpTarget.Http.Endpoint },
    });
    expect(JSON.stringify(await configs.get('both'))).not.toMatch(/secret/);
    await expect(configs.create({ Name: 'n', DeliveryTargets: { Kafka: { BootstrapServers: 'k:9092' } } })).rejects.toMatchObject({
      errors: expect.arrayContaining([expect.objectContaining({ Data: { Property: 'DeliveryTargets.Kafka.Topic' } })]),
    });
  });

  it('stops the boot with the fix when a host target is not a provider of any module', async () => {
    const { target } = hostTargetFor('AuditLog', Object);
    const error = await bootFailure([sqlite(), TrackingEventsModule.forRoot({ ...hostOptions, targets: [target] })]);
    expect(error).toBeInstanceOf(InvalidDeliveryTargetError);
    expect(error.message).toMatch(
      /^Delivery target HostTarget has no instance \(.*\)\. Fix: add HostTarget to the providers of one of your modules/,
    );
  });

  it('stops the boot, naming the package to install, when a target needs one that is missing', async () => {
    const crm = hostTargetFor('Crm', Object, { requiredPackages: ['class-validator', 'crm-client-that-is-not-installed'] });
    const error = await bootFailure([sqlite(), crm.module, TrackingEventsModule.forRoot({ ...hostOptions, targets: [crm.target] })]);
    expect(error.message).toBe(
      'Delivery target Crm needs the package "crm-client-that-is-not-installed", which is not installed. Fix: npm install crm-client-that-is-not-installed',
    );
  });

  it('stops the boot on a target that opens clients it cannot close', async () => {
    const leaky = hostTargetFor('Leaky', Object, { openClient: async () => ({}) });
    const error = await bootFailure([sqlite(), leaky.module, TrackingEventsModule.forRoot({ ...hostOptions, targets: [leaky.target] })]);
    expect(error.message).toMatch(/has openClient\(\) but no closeClient\(client\)/);
  });

  it('stops at definition on a host target without @DeliveryTarget', () => {
    @Injectable()
    class Undecorated implements DeliveryTargetHandler<object> {
      readonly configModel = Object;
      async deliver() {
        return { status: 'delivered' as const };
      }
    }
    expect(() => TrackingEventsModule.forRoot({ ...hostOptions, targets: [Undecorated] })).toThrow(InvalidDeliveryTargetError);
  });

  it('stops the app at boot, in one line with the fix, when Redis cannot be reached', async () => {
    const compile = Test.createTestingModule({
      imports: [sqlite(), TrackingEventsModule.forRoot({ ...hostOptions, redis: 'redis://127.0.0.1:1/0' })],
    }).compile();
    await expect(compile).rejects.toThrow(RedisUnavailableError);
    await expect(compile).rejects.toThrow(
      /^Redis at 127\.0\.0\.1:1\/0 is unreachable \(connect ECONNREFUSED 127\.0\.0\.1:1\)\. Fix: start Redis there, or point the TrackingEventsModule redis option/,
    );
  });

  it('warns at start-up when Redis would lose queued events, and not when it is configured to keep them', async () => {
    expect(await assertRedisReachable(toRedisSettings(REDIS_URL))).toEqual(
      (await redisSettings(REDIS_URL)).appendonly === 'yes'
        ? []
        : [expect.stringMatching(/AOF persistence off \(appendonly no\).*Set appendonly yes\./)],
    );
    const durable = await startPrivateRedis();
    try {
      expect(await assertRedisReachable(toRedisSettings(durable.url))).toEqual([]);
    } finally {
      await durable.close();
    }
  });
});

async function redisSettings(url: string): Promise<{ appendonly: string }> {
  const redis = new Redis(url);
  try {
    const [, appendonly] = (await redis.config('GET', 'appendonly')) as string[];
    return { appendonly };
  } finally {
    redis.disconnect();
  }
}
