import type { CapturedEvent } from '../../messages/captured-event';
import { lineItemAddedMessage, SHOPPER } from '../../delivery-targets/tracking-message.fixtures';
import { UserDataOwner } from './user-data-owner';

const owner = new UserDataOwner(SHOPPER.userId, [SHOPPER.anonymousId, 'older-beacon']);
const lineEvent = (context: CapturedEvent['Context']): CapturedEvent => ({
  ID: 'e1',
  EventType: 'LineItemAdded',
  OccurredAt: '2026-12-01T10:00:00.000Z',
  Context: context,
  Subject: { OrderID: 'o1', LineItem: { ID: 'l1', ProductID: 'mug', Quantity: 1, UnitPrice: 8, LineSubtotal: 8, LineTotal: 8 } },
});

describe('UserDataOwner', () => {
  it("owns the messages of the user's ID and of each anonymous ID the user was linked to", () => {
    expect(owner.ownsMessage(lineItemAddedMessage({ UserContext: { ID: SHOPPER.userId, AnonymousId: null } }))).toBe(true);
    expect(owner.ownsMessage(lineItemAddedMessage({ UserContext: { ID: null, AnonymousId: 'older-beacon' } }))).toBe(true);
    expect(owner.ownsMessage(lineItemAddedMessage({ UserContext: { ID: 'someone-else', AnonymousId: 'their-beacon' } }))).toBe(false);
    expect(owner.ownsMessage(lineItemAddedMessage({ UserContext: { ID: null, AnonymousId: null } }))).toBe(false);
  });

  it("owns the captured events of the user's ID, of the user's anonymous IDs, and the user's logins", () => {
    expect(owner.ownsEvent(lineEvent({ ClientID: 'c', UserID: SHOPPER.userId }))).toBe(true);
    expect(owner.ownsEvent(lineEvent({ ClientID: 'c', AnonymousID: SHOPPER.anonymousId }))).toBe(true);
    expect(owner.ownsEvent(lineEvent({ ClientID: 'c', UserID: 'someone-else', AnonymousID: 'their-beacon' }))).toBe(false);
    const login: CapturedEvent = {
      ID: 'e2',
      EventType: 'UserLoggedIn',
      OccurredAt: '2026-12-01T10:00:00.000Z',
      Context: { ClientID: 'c' },
      Subject: { UserID: SHOPPER.userId },
    };
    expect(owner.ownsEvent(login)).toBe(true);
  });
});
