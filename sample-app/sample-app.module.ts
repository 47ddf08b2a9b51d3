import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TrackingEventsModule } from '../src';
import { ApiClientsService } from './auth/api-clients.service';
import { AuthModule } from './auth/auth.module';
import { TokenService } from './auth/token.service';
import type { SampleConfig } from './config/sample-config';
import { SAMPLE_CONFIG } from './config/sample-config.token';
import { databaseOptions } from './database/database-options';
import { SeedService } from './seed/seed.service';

/** Holds the configuration for every module of the app. */
@Module({})
class SampleConfigModule {
  static forRoot(config: SampleConfig): DynamicModule {
    return {
      module: SampleConfigModule,
      global: true,
      providers: [{ provide: SAMPLE_CONFIG, useValue: config }],
      exports: [SAMPLE_CONFIG],
    };
  }
}

/** A small OrderCloud-compatible commerce backend hosting the tracking events library. */
@Module({})
export class SampleAppModule {
  static forRoot(config: SampleConfig): DynamicModule {
    return {
      module: SampleAppModule,
      imports: [
        SampleConfigModule.forRoot(config),
        TypeOrmModule.forRoot(databaseOptions(config.database)),
        AuthModule,
        TrackingEventsModule.forRootAsync({
          imports: [AuthModule],
          inject: [TokenService, ApiClientsService],
          useFactory: (tokens: TokenService, apiClients: ApiClientsService) => ({
            resolveCaller: (request) => tokens.callerOf(request),
            apiClientExists: (clientId) => apiClients.exists(clientId),
          }),
        }),
      ],
      providers: [SeedService],
    };
  }
}
