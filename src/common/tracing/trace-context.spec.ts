import { w3cOnly } from './trace-context';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('w3cOnly', () => {
  it('keeps a well-formed traceparent and tracestate, and nothing else', () => {
    expect(w3cOnly({ traceparent: TRACEPARENT, tracestate: 'vendor=x', baggage: 'email=a@b.c', b3: '1-2-1' })).toEqual({
      traceparent: TRACEPARENT,
      tracestate: 'vendor=x',
    });
  });

  it.each([
    ['no carrier', undefined],
    ['no traceparent', { tracestate: 'vendor=x' }],
    ['a traceparent of another type', { traceparent: 42 }],
    ['a malformed traceparent', { traceparent: `${TRACEPARENT}\r\nx-injected: 1` }],
    ['an upper-case traceparent', { traceparent: TRACEPARENT.toUpperCase() }],
    ['a traceparent inherited from the prototype', Object.create({ traceparent: TRACEPARENT })],
  ])('drops the context given %s', (_case, carrier) => {
    expect(w3cOnly(carrier)).toBeUndefined();
  });

  it('drops a tracestate longer than the W3C limit, or not a string', () => {
    expect(w3cOnly({ traceparent: TRACEPARENT, tracestate: 'a'.repeat(513) })).toEqual({ traceparent: TRACEPARENT });
    expect(w3cOnly({ traceparent: TRACEPARENT, tracestate: { toString: () => 'x' } })).toEqual({ traceparent: TRACEPARENT });
  });
});
