import { Injectable, Scope } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test, TestingModule } from '@nestjs/testing';
import type { LineItemSnapshot, TrackingSubjects } from '../messages/captured-event';
import { TrackEvent } from './track-event.decorator';
import { TrackEventExplorer } from './track-event.explorer';
import { TrackingEventPublisher } from './tracking-event.publisher';
import { TRACKING_EVENTS_SETTINGS } from '../tracking-events.tokens';

const line = (quantity: number): LineItemSnapshot => ({
  ID: 'l1',
  ProductID: 'mug',
  Quantity: quantity,
  UnitPrice: 8,
  LineSubtotal: 8 * quantity,
  LineTotal: 8 * quantity,
});

/** Stands in for the publisher: records what the wrapper captures, in order with the calls. */
class RecordingPublisher {
  readonly published: Array<{ eventType: string; subject: unknown; context: unknown }> = [];
  async publish(eventType: string, subject: unknown, overrides: { context?: unknown } = {}) {
    this.published.push({ eventType, subject, context: overrides.context });
    return 'event-id';
  }
}

@Injectable()
class CartService {
  quantities = new Map<string, number>([['l1', 1]]);
  calls: string[] = [];

  @TrackEvent('LineItemAdded', {
    map: ({ args, result }) => ({ subject: { OrderID: args[0] as string, LineItem: result as LineItemSnapshot } }),
  })
  async add(orderId: string, quantity: number): Promise<LineItemSnapshot> {
    this.calls.push(`add ${orderId}`);
    if (quantity < 1) throw new RangeError('Quantity must be positive');
    return line(quantity);
  }

  @TrackEvent('LineItemUpdated', {
    before: ([lineId], cart: CartService) => cart.currentQuantity(lineId as string),
    map: ({ result, before }) => ({
      subject: { OrderID: 'o1', LineItem: result as LineItemSnapshot, PreviousQuantity: before as number },
    }),
  })
  async update(lineId: string, quantity: number): Promise<LineItemSnapshot> {
    this.quantities.set(lineId, quantity);
    return line(quantity);
  }

  currentQuantity(lineId: string): number {
    if (!this.quantities.has(lineId)) throw new Error(`no line ${lineId}`);
    return this.quantities.get(lineId)!;
  }

  @TrackEvent('UserLoggedIn', {
    map: ({ result }) => ({ subject: { UserID: result as string }, context: { ClientID: 'storefront', UserID: result as string } }),
  })
  loginSync(username: string): string {
    return `user-${username}`;
  }

  @TrackEvent('OrderSubmitted', {
    map: () => {
      throw new Error('mapping bug');
    },
  })
  async submit(): Promise<string> {
    return 'submitted';
  }
}

@Injectable({ scope: Scope.REQUEST })
class PerRequestService {
  @TrackEvent('OrderSubmitted', { map: () => ({ subject: { OrderID: 'o' } }) })
  async submit() {
    return 'ok';
  }
}

describe('TrackEventExplorer', () => {
  let publisher: RecordingPublisher;
  let service: CartService;
  let moduleRef: TestingModule;

  beforeEach(async () => {
    publisher = new RecordingPublisher();
    moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [
        CartService,
        PerRequestService,
        TrackEventExplorer,
        { provide: TrackingEventPublisher, useValue: publisher },
        { provide: TRACKING_EVENTS_SETTINGS, useValue: { enabled: true } },
      ],
    }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    service = moduleRef.get(CartService);
  });

  it('captures the event after the call succeeded and returns its result untouched', async () => {
    await expect(service.add('o1', 2)).resolves.toEqual(line(2));
    expect(publisher.published).toEqual([
      { eventType: 'LineItemAdded', subject: { OrderID: 'o1', LineItem: line(2) }, context: undefined },
    ]);
  });

  it('hands on the error of a failed call, untouched, and captures nothing', async () => {
    const failure = service.add('o1', 0);
    await expect(failure).rejects.toBeInstanceOf(RangeError);
    await expect(failure).rejects.toThrow('Quantity must be positive');
    expect(publisher.published).toEqual([]);
  });

  it('gives map what before read ahead of the call', async () => {
    await service.update('l1', 5);
    expect(publisher.published[0].subject).toEqual({
      OrderID: 'o1',
      LineItem: line(5),
      PreviousQuantity: 1,
    } satisfies TrackingSubjects['LineItemUpdated']);
  });

  it('runs the call untracked when before fails', async () => {
    await expect(service.update('unknown-line', 3)).resolves.toEqual(line(3));
    expect(service.quantities.get('unknown-line')).toBe(3);
    expect(publisher.published).toEqual([]);
  });

  it('keeps a synchronous method synchronous, with the context map gives', async () => {
    expect(service.loginSync('bea')).toBe('user-bea');
    await new Promise((resolve) => setImmediate(resolve));
    expect(publisher.published).toEqual([
      { eventType: 'UserLoggedIn', subject: { UserID: 'user-bea' }, context: { ClientID: 'storefront', UserID: 'user-bea' } },
    ]);
  });

  it('leaves the result alone when map throws', async () => {
    await expect(service.submit()).resolves.toBe('submitted');
    expect(publisher.published).toEqual([]);
  });

  it('leaves request-scoped providers alone: they cannot be tracked', async () => {
    const perRequest = await moduleRef.resolve(PerRequestService);
    await expect(perRequest.submit()).resolves.toBe('ok');
    expect(publisher.published).toEqual([]);
  });

  it('keeps the method name', () => {
    expect(service.add.name).toBe('add');
  });

  it('wraps nothing when capture is off', async () => {
    const off = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [
        CartService,
        TrackEventExplorer,
        { provide: TrackingEventPublisher, useValue: publisher },
        { provide: TRACKING_EVENTS_SETTINGS, useValue: { enabled: false } },
      ],
    }).compile();
    await off.init();
    const cart = off.get(CartService);
    expect(cart.add).toBe(CartService.prototype.add);
    await cart.add('o1', 1);
    expect(publisher.published).toEqual([]);
  });
});
