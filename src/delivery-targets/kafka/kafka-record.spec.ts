import { lineItemAddedMessage, userLoggedInMessage } from '../tracking-message.fixtures';
import { toKafkaRecord } from './kafka-record';

describe('toKafkaRecord', () => {
  it('is the message JSON keyed by the order, with the namespace and the delivery ID as headers', () => {
    const message = lineItemAddedMessage({ OrderId: 'order-7' });
    expect(toKafkaRecord(message, 'dlv-1')).toEqual({
      key: 'order-7',
      value: JSON.stringify(message.Payload),
      headers: { type: 'sitecore.ordercloud.messages.orders.lines.added', 'delivery-id': 'dlv-1', 'content-type': 'application/json' },
    });
  });

  it('keys a login by the user', () => {
    expect(toKafkaRecord(userLoggedInMessage({ UserContext: { ID: 'buyer-1', AnonymousId: null } }), 'dlv-2').key).toBe('buyer-1');
  });
});
