import {
  EMPTY_DEAD_LETTER_FILTERS,
  EMPTY_DELIVERY_SEARCH,
  buildQuery,
  bullBoardJobUrl,
  deadLettersQuery,
  deliveryAttemptsQuery,
  localInputToIso,
  replayAllQuery,
} from './query';

describe('buildQuery', () => {
  it('leaves out blank values and repeats arrays', () => {
    expect(buildQuery({ a: '1', b: '', c: null, d: undefined, e: '  ', f: 0 })).toBe('?a=1&f=0');
    expect(buildQuery({ AttemptedAt: ['>=x', undefined, '<=y'] })).toBe('?AttemptedAt=%3E%3Dx&AttemptedAt=%3C%3Dy');
    expect(buildQuery({})).toBe('');
  });

  it('encodes values', () => {
    expect(buildQuery({ OrderID: 'a b&c' })).toBe('?OrderID=a+b%26c');
  });
});

describe('localInputToIso', () => {
  it('reads a datetime-local value in the local time zone', () => {
    expect(localInputToIso('2026-11-27T10:00')).toBe(new Date(2026, 10, 27, 10, 0).toISOString());
    expect(localInputToIso('2026-11-27T10:00:30')).toBe(new Date(2026, 10, 27, 10, 0, 30).toISOString());
  });

  it('is undefined when blank or invalid', () => {
    expect(localInputToIso('')).toBeUndefined();
    expect(localInputToIso(undefined)).toBeUndefined();
    expect(localInputToIso('2026-11-27')).toBeUndefined();
    expect(localInputToIso('2026-13-45T99:00')).toBeUndefined();
  });
});

describe('deliveryAttemptsQuery', () => {
  it('pages by 100 with no filter', () => {
    expect(deliveryAttemptsQuery(EMPTY_DELIVERY_SEARCH, 1)).toBe('?page=1&pageSize=100');
  });

  it('sends each filter by field name and the time range as two bounds', () => {
    const from = new Date(2026, 10, 27, 10, 0).toISOString();
    const to = new Date(2026, 10, 27, 12, 30).toISOString();
    const query = deliveryAttemptsQuery(
      {
        orderId: ' PO-1 ',
        userId: 'buyer01',
        anonymousId: 'anon-9',
        eventType: 'OrderSubmitted',
        targetType: 'Http',
        outcome: 'Failed',
        from: '2026-11-27T10:00',
        to: '2026-11-27T12:30',
      },
      2,
    );
    const params = new URLSearchParams(query);
    expect(params.get('page')).toBe('2');
    expect(params.get('OrderID')).toBe('PO-1');
    expect(params.get('UserID')).toBe('buyer01');
    expect(params.get('AnonymousID')).toBe('anon-9');
    expect(params.get('EventType')).toBe('OrderSubmitted');
    expect(params.get('TargetType')).toBe('Http');
    expect(params.get('Outcome')).toBe('Failed');
    expect(params.getAll('AttemptedAt')).toEqual([`>=${from}`, `<=${to}`]);
  });

  it('sends one bound alone', () => {
    const params = new URLSearchParams(deliveryAttemptsQuery({ ...EMPTY_DELIVERY_SEARCH, to: '2026-11-27T12:30' }, 1));
    expect(params.getAll('AttemptedAt')).toEqual([`<=${new Date(2026, 10, 27, 12, 30).toISOString()}`]);
  });
});

describe('dead letter queries', () => {
  const filters = { targetType: 'Segment', eventType: 'LineItemAdded', orderId: 'PO-7' };

  it('lists and replays with the same filters', () => {
    expect(deadLettersQuery(filters, 1)).toBe('?page=1&pageSize=100&TargetType=Segment&EventType=LineItemAdded&OrderID=PO-7');
    expect(replayAllQuery(filters)).toBe('?TargetType=Segment&EventType=LineItemAdded&OrderID=PO-7');
  });

  it('replays all with no filter', () => {
    expect(replayAllQuery(EMPTY_DEAD_LETTER_FILTERS)).toBe('');
  });
});

describe('bullBoardJobUrl', () => {
  it('links to the job when Bull Board is mounted and the attempt has a job', () => {
    expect(bullBoardJobUrl('/admin/queues/', 'tracking:deliveries Http', 'job/1')).toBe(
      '/admin/queues/queue/tracking%3Adeliveries%20Http/job%2F1',
    );
    expect(bullBoardJobUrl(null, 'q', '1')).toBeNull();
    expect(bullBoardJobUrl('/admin/queues', 'q', null)).toBeNull();
  });
});
