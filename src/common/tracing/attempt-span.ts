import type * as OpenTelemetryApi from '@opentelemetry/api';
import { openTelemetry, TraceHeaders, traceHeadersOf, w3cOnly } from './trace-context';

/** The name of the library's tracer, which hosts can filter on. */
export const TRACER_NAME = 'nestjs-tracking-events';

/** One delivery attempt, as a span: a child of the request that captured the event. */
export interface AttemptSpan {
  /** The span's own W3C context: what the attempt sends to receivers that take headers. */
  readonly headers: TraceHeaders;
  end(result: { outcome: string; error?: unknown }): void;
}

const NO_SPAN: AttemptSpan = { headers: {}, end: () => undefined };

/**
 * Starts the span of one delivery attempt under the trace the event was captured in (a new trace when it
 * was captured outside one). Without `@opentelemetry/api`, or without a tracer provider registered by the
 * host, nothing is recorded and nothing is sent.
 */
export function startAttemptSpan(
  name: string,
  captured: TraceHeaders | undefined,
  attributes: Record<string, string | number>,
): AttemptSpan {
  const api = openTelemetry();
  if (!api) return NO_SPAN;
  const parent = api.propagation.extract(api.ROOT_CONTEXT, w3cOnly(captured) ?? {});
  const span = api.trace.getTracer(TRACER_NAME).startSpan(name, { kind: api.SpanKind.PRODUCER, attributes }, parent);
  return {
    headers: traceHeadersOf(api.trace.setSpan(parent, span)) ?? {},
    end: ({ outcome, error }) => {
      span.setAttribute('tracking_events.outcome', outcome);
      if (error !== undefined) recordError(api, span, error);
      span.end();
    },
  };
}

function recordError(api: typeof OpenTelemetryApi, span: OpenTelemetryApi.Span, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  span.recordException(error instanceof Error ? error : message);
  span.setStatus({ code: api.SpanStatusCode.ERROR, message });
}
