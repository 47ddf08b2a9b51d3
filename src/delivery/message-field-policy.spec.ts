import { createHash } from 'node:crypto';
import { lineItemAddedMessage, orderSubmittedMessage, SHOPPER, userLoggedInMessage } from '../delivery-targets/tracking-message.fixtures';
import { applyFieldPolicy, hashOf } from './message-field-policy';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const policy = (drop: string[], hash: string[] = []) => ({ drop, hash });

describe('applyFieldPolicy', () => {
  it('drops the named fields and hashes the others, nested paths included', () => {
    const message = userLoggedInMessage({ FirstName: 'Jane', LastName: 'Doe' });
    const shaped = applyFieldPolicy(message, policy(['FirstName', 'LastName'], ['Email', 'UserContext.AnonymousId']));
    expect(shaped.Payload).toEqual({
      UserContext: { ID: SHOPPER.userId, AnonymousId: sha256(SHOPPER.anonymousId) },
      Language: message.Payload.Language,
      Currency: message.Payload.Currency,
      Email: sha256(SHOPPER.email),
    });
    expect(shaped.Payload).not.toHaveProperty('FirstName');
    expect(shaped).toMatchObject({ EventID: message.EventID, EventType: 'UserLoggedIn', ClientID: message.ClientID });
  });

  it('never changes the message it is given, which other targets of the event receive', () => {
    const message = userLoggedInMessage();
    const before = structuredClone(message);
    applyFieldPolicy(message, policy(['FirstName', 'UserContext.ID'], ['Email', 'UserContext.AnonymousId']));
    expect(message).toEqual(before);
  });

  it('hashes a string as it is and another value as its JSON; null stays null', () => {
    const message = lineItemAddedMessage({ Email: null });
    const shaped = applyFieldPolicy(message, policy([], ['Email', 'LineItem.Quantity', 'LineItem.Product.xp']));
    expect(shaped.Payload.Email).toBeNull();
    expect(shaped.Payload.LineItem.Quantity).toBe(sha256(JSON.stringify(message.Payload.LineItem.Quantity)));
    expect(shaped.Payload.LineItem.Product.xp).toBe(sha256(JSON.stringify(message.Payload.LineItem.Product.xp)));
    expect(hashOf('a@b.c')).toBe(sha256('a@b.c'));
  });

  it('applies a path through an array to each of its elements', () => {
    const message = orderSubmittedMessage();
    expect(message.Payload.LineItems.length).toBeGreaterThan(1);
    const shaped = applyFieldPolicy(message, policy(['LineItems.Product.xp'], ['LineItems.LineID']));
    for (const [index, line] of shaped.Payload.LineItems.entries()) {
      expect(line.Product).not.toHaveProperty('xp');
      expect(line.LineID).toBe(sha256(message.Payload.LineItems[index].LineID));
    }
    expect(message.Payload.LineItems[0].Product).toHaveProperty('xp');
  });

  it('leaves a path that is not there alone, and returns the message itself when nothing applies', () => {
    const message = lineItemAddedMessage();
    expect(applyFieldPolicy(message, policy(['FirstName', 'UserContext.Nickname', 'Email.Domain'], ['OrderID']))).toBe(message);
    expect(applyFieldPolicy(message, undefined)).toBe(message);
    expect(applyFieldPolicy(message, policy([], []))).toBe(message);
  });
});
