import { Controller, Get, Header, Module } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { register } from 'prom-client';
import { TrackingEventsHealthIndicator } from '../../src';

/** The routes of the probes and the scrape (outside the `/v1` prefix). */
export const OBSERVABILITY_ROUTES = ['health/live', 'health/ready', 'metrics'];

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly trackingEvents: TrackingEventsHealthIndicator,
  ) {}

  /** Liveness: the process answers. Nothing outside it is checked, so that an outage of Redis does not restart every pod. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: Redis and the tracking pipeline within the library's `health` limits; 503 otherwise. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.trackingEvents.isHealthy('trackingEvents')]);
  }
}

@Controller('metrics')
export class MetricsController {
  /** The library's metrics in prom-client's default registry, for Prometheus to scrape. */
  @Get()
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}

/** `/health/live`, `/health/ready` and `/metrics`; keep them off the public network. */
@Module({
  imports: [TerminusModule],
  controllers: [HealthController, MetricsController],
})
export class ObservabilityModule {}
