import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { DeliveryConfigsService, TrackingEventPublisher, TrackingEventsService } from '../../src';
import { LoopbackReceiver, startLoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';
import { deleteQueueKeys, uniqueQueuePrefix } from '../support/redis';
import { TEST_DATABASES } from '../support/test-databases';
import { startTestHost, TestHost } from '../support/test-host';
import { waitFor } from '../support/wait-for';

const [database] = TEST_DATABASES;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

/** The host traces with the OpenTelemetry SDK: W3C propagation, spans kept in memory. */
describe('OpenTelemetry tracing of deliveries', () => {
  const exporter = new InMemorySpanExporter();
  const queuePrefix = uniqueQueuePrefix();
  let drop: () => Promise<void>;
  let http: LoopbackReceiver;
  let messageSender: LoopbackReceiver;
  let host: TestHost;

  beforeAll(async () => {
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const instance = await database.create();
    drop = instance.drop;
    [http, messageSender] = await Promise.all([startLoopbackReceiver(), startLoopbackReceiver()]);
    host = await startTestHost(instance, {
      queuePrefix,
      networkPolicy: { allowPrivateNetworks: true },
      delivery: { attempts: 3, backoffMs: 40, timeoutMs: 2000 },
    });
    await host.app.get(DeliveryConfigsService).create({
      ID: 'traced',
      Name: 'Traced',
      DeliveryTargets: {
        Http: { Endpoint: `${http.origin}/in`, Secret: 's' },
        MessageSender: { Endpoint: `${messageSender.origin}/in`, Secret: 's' },
      },
    });
    await host.app
      .get(TrackingEventsService)
      .create({ ID: 'logins', EventType: 'UserLoggedIn', ClientID: 'storefront', Name: 'Logins', DeliveryConfigID: 'traced' });
  });

  afterAll(async () => {
    await host?.close();
    await Promise.all([http, messageSender].map((receiver) => receiver?.close()));
    await drop?.();
    await deleteQueueKeys(queuePrefix);
    trace.disable();
    context.disable();
    propagation.disable();
  });

  const publishLogin = () =>
    host.app
      .get(TrackingEventPublisher)
      .publish('UserLoggedIn', { UserID: 'buyer01' }, { context: { ClientID: 'storefront', UserID: 'buyer01' } });
  const attemptSpans = (eventId: string) =>
    exporter.getFinishedSpans().filter((span) => span.attributes['tracking_events.event_id'] === eventId);
  const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

  it('makes each attempt a span under the request that captured the event, and sends its traceparent', async () => {
    http.answerOnce({ status: 503, body: 'busy' });
    const request = trace.getTracer('host').startSpan('POST /v1/oauth/token');
    const eventId = await context.with(trace.setSpan(context.active(), request), publishLogin);
    request.end();
    await waitFor('the attempts', () => http.received.length === 2 && messageSender.received.length === 1);
    await waitFor('the spans of the three attempts', () => attemptSpans(eventId!).length === 3);

    const { traceId, spanId: requestSpanId } = request.spanContext();
    const spans = attemptSpans(eventId!);
    const headers = [...http.received, ...messageSender.received].map((received) => received.headers.traceparent as string);
    for (const header of headers) expect(header).toMatch(TRACEPARENT);
    // One trace: the request's; each attempt its own span, a child of the request's, named in the header it sent.
    expect(new Set(headers.map((header) => TRACEPARENT.exec(header)![1]))).toEqual(new Set([traceId]));
    expect(spans.map((span) => span.spanContext().traceId)).toEqual([traceId, traceId, traceId]);
    expect(spans.map(parentOf)).toEqual([requestSpanId, requestSpanId, requestSpanId]);
    expect(new Set(headers.map((header) => TRACEPARENT.exec(header)![2]))).toEqual(new Set(spans.map((span) => span.spanContext().spanId)));

    const httpSpans = spans.filter((span) => span.attributes['tracking_events.target_type'] === 'Http');
    expect(
      httpSpans.map((span) => [span.name, span.attributes['tracking_events.attempt'], span.attributes['tracking_events.outcome']]),
    ).toEqual([
      ['deliver Http', 1, 'failed'],
      ['deliver Http', 2, 'delivered'],
    ]);
    expect(httpSpans[0].status).toMatchObject({ code: 2, message: expect.stringContaining('503') });
    expect(httpSpans[0].attributes).toMatchObject({
      'tracking_events.delivery_config_id': 'traced',
      'tracking_events.event_type': 'UserLoggedIn',
      'tracking_events.delivery_id': `${eventId}-logins-Http`,
    });
  });

  it('starts a trace of its own for an event captured outside one', async () => {
    const before = http.received.length;
    const eventId = await publishLogin();
    await waitFor('the delivery', () => http.received.length === before + 1);
    await waitFor('its spans', () => attemptSpans(eventId!).length === 2);

    const [span] = attemptSpans(eventId!).filter((candidate) => candidate.name === 'deliver Http');
    expect(parentOf(span)).toBeUndefined();
    expect(http.received[before].headers.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
  });

  it('keeps only the W3C headers of the captured context: baggage, which may hold anything, is not kept', async () => {
    const { W3CBaggagePropagator, CompositePropagator } = await import('@opentelemetry/core');
    propagation.disable();
    propagation.setGlobalPropagator(
      new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
    );
    const before = http.received.length;
    const request = trace.getTracer('host').startSpan('POST /v1/oauth/token');
    const withBaggage = propagation.setBaggage(
      trace.setSpan(context.active(), request),
      propagation.createBaggage({ email: { value: 'buyer01@example.com' } }),
    );
    await context.with(withBaggage, publishLogin);
    request.end();
    await waitFor('the delivery', () => http.received.length === before + 1);

    expect(TRACEPARENT.exec(http.received[before].headers.traceparent as string)![1]).toBe(request.spanContext().traceId);
    expect(http.received[before].headers.baggage).toBeUndefined();
  });
});
