import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { TrackingEventsSettings } from '../options';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../tracking-events.constants';
import { TRACKING_EVENTS_SETTINGS } from '../tracking-events.tokens';
import { TRACK_EVENT_METADATA, TrackEventMetadata } from './track-event.decorator';
import { TrackingEventPublisher } from './tracking-event.publisher';

type AnyMethod = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Finds the `@TrackEvent()` methods of the application's singleton providers at start-up and wraps
 * each so that, once a call succeeds, its event is captured. The wrapper returns exactly what the
 * method returns and throws exactly what it throws.
 */
@Injectable()
export class TrackEventExplorer implements OnModuleInit {
  private readonly logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly publisher: TrackingEventPublisher,
    @Inject(TRACKING_EVENTS_SETTINGS) private readonly settings: Pick<TrackingEventsSettings, 'enabled'>,
  ) {}

  onModuleInit(): void {
    // Capture off: the host's methods stay exactly as they are, at no cost.
    if (!this.settings.enabled) return;
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method = instance[methodName];
        if (typeof method !== 'function') continue;
        const metadata = this.reflector.get<TrackEventMetadata | undefined>(TRACK_EVENT_METADATA, method);
        if (!metadata) continue;
        if (!wrapper.isDependencyTreeStatic()) {
          // A request-scoped instance is created per request, after this runs: it cannot be wrapped.
          this.logger.warn(`@TrackEvent on ${wrapper.name}.${methodName} is ignored: only singleton providers can be tracked.`);
          continue;
        }
        instance[methodName] = this.wrap(method as AnyMethod, metadata, `${wrapper.name}.${methodName}`);
      }
    }
  }

  private wrap(method: AnyMethod, { eventType, options }: TrackEventMetadata, where: string): AnyMethod {
    const publisher = this.publisher;
    const logger = this.logger;

    const capture = (args: unknown[], result: unknown, before: unknown): Promise<unknown> => {
      let tracked;
      try {
        tracked = options.map({ args, result, before });
      } catch (error) {
        logger.error(`@TrackEvent('${eventType}') on ${where}: map failed, the call is not tracked: ${(error as Error).message}`);
        return Promise.resolve();
      }
      if (!tracked) return Promise.resolve();
      return publisher.publish(eventType, tracked.subject, { context: tracked.context });
    };

    const tracked = function (this: unknown, ...args: unknown[]): unknown {
      if (!options.before) return settle(method.apply(this, args), args, undefined);
      return runBefore(options.before, args, this).then((before) =>
        before ? settle(method.apply(this, args), args, before.value) : method.apply(this, args),
      );
    };

    /** Captures once the call succeeded, and hands on its result, or its error, untouched. */
    function settle(result: unknown, args: unknown[], before: unknown): unknown {
      if (!isThenable(result)) {
        // A synchronous method stays synchronous: its event is captured in the background.
        void capture(args, result, before);
        return result;
      }
      return result.then(async (value) => {
        await capture(args, value, before);
        return value;
      });
    }

    /** What `before` gave, or null when it failed: the call then runs untracked. */
    async function runBefore(
      before: (args: unknown[], instance: unknown) => unknown,
      args: unknown[],
      instance: unknown,
    ): Promise<{ value: unknown } | null> {
      try {
        return { value: await before(args, instance) };
      } catch (error) {
        logger.error(`@TrackEvent('${eventType}') on ${where}: before failed, the call is not tracked: ${(error as Error).message}`);
        return null;
      }
    }

    Object.defineProperty(tracked, 'name', { value: method.name });
    for (const key of Reflect.getMetadataKeys(method)) Reflect.defineMetadata(key, Reflect.getMetadata(key, method), tracked);
    return tracked;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
