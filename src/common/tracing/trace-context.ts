import type * as OpenTelemetryApi from '@opentelemetry/api';

/**
 * W3C trace context, as headers: `traceparent`, and `tracestate` when the trace has one. It travels with a
 * captured event from the request that captured it to each of its delivery attempts.
 * @publicApi
 */
export type TraceHeaders = Partial<Record<'traceparent' | 'tracestate', string>>;

// The W3C formats, checked again here: a carrier comes back from Redis or the outbox, and baggage or a
// propagator's other headers (which may hold anything, user data included) are not kept.
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const MAX_TRACESTATE_LENGTH = 512;

let openTelemetryApi: typeof OpenTelemetryApi | null | undefined;

/** `@opentelemetry/api` when the host has it (an optional peer dependency): tracing is off without it. */
export function openTelemetry(): typeof OpenTelemetryApi | null {
  if (openTelemetryApi === undefined) {
    try {
      openTelemetryApi = require('@opentelemetry/api') as typeof OpenTelemetryApi;
    } catch {
      openTelemetryApi = null;
    }
  }
  return openTelemetryApi;
}

/** The W3C trace context of `context` as the host's propagator writes it, or undefined outside a trace. */
export function traceHeadersOf(context: OpenTelemetryApi.Context): TraceHeaders | undefined {
  const api = openTelemetry();
  const spanContext = api?.trace.getSpanContext(context);
  if (!api || !spanContext || !api.trace.isSpanContextValid(spanContext)) return undefined;
  const carrier: Record<string, string> = {};
  api.propagation.inject(context, carrier);
  return w3cOnly(carrier);
}

/** The trace context of the code running now: the host's request, where an event is captured. */
export function activeTraceHeaders(): TraceHeaders | undefined {
  const api = openTelemetry();
  return api ? traceHeadersOf(api.context.active()) : undefined;
}

/** Only well-formed W3C headers, whatever else a carrier holds. */
export function w3cOnly(carrier: Record<string, unknown> | undefined): TraceHeaders | undefined {
  const own = (key: string) => (carrier && Object.hasOwn(carrier, key) ? carrier[key] : undefined);
  const traceparent = own('traceparent');
  if (typeof traceparent !== 'string' || !TRACEPARENT.test(traceparent)) return undefined;
  const tracestate = own('tracestate');
  return typeof tracestate === 'string' && tracestate.length > 0 && tracestate.length <= MAX_TRACESTATE_LENGTH
    ? { traceparent, tracestate }
    : { traceparent };
}
