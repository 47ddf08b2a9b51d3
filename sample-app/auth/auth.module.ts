import { createSecretKey } from 'node:crypto';
import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { SampleConfig } from '../config/sample-config';
import { SAMPLE_CONFIG } from '../config/sample-config.token';
import { ApiClientEntity } from './api-client.entity';
import { ApiClientsService } from './api-clients.service';
import { AuthService } from './auth.service';
import { OAuthBodyErrorsInstaller } from './oauth-body-errors.installer';
import { OAuthController } from './oauth.controller';
import { TokenService } from './token.service';
import { UserEntity } from './user.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([ApiClientEntity, UserEntity]),
    ThrottlerModule.forRootAsync({
      inject: [SAMPLE_CONFIG],
      useFactory: (config: SampleConfig) => [{ ttl: 60_000, limit: config.tokenRequestsPerMinute }],
    }),
    JwtModule.registerAsync({
      inject: [SAMPLE_CONFIG],
      // A key object made once: given the string, jsonwebtoken would build one on every sign and verify.
      useFactory: (config: SampleConfig) => ({
        secret: createSecretKey(Buffer.from(config.jwtSecret)),
        signOptions: { algorithm: 'HS256' },
      }),
    }),
  ],
  controllers: [OAuthController],
  providers: [ApiClientsService, AuthService, TokenService, OAuthBodyErrorsInstaller],
  exports: [ApiClientsService, AuthService, TokenService, TypeOrmModule],
})
export class AuthModule implements NestModule {
  constructor(private readonly oauthBodyErrors: OAuthBodyErrorsInstaller) {}

  /** Runs before the routes are registered, where Fastify takes a route's error handler. */
  configure(_consumer: MiddlewareConsumer): void {
    this.oauthBodyErrors.installBeforeRoutes();
  }
}
