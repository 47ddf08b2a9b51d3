import { targetQueueName } from './queue-names';

describe('targetQueueName', () => {
  it.each([
    ['Http', 'tracking-events-target-http'],
    ['SendEvent', 'tracking-events-target-send-event'],
    ['DiscoverEvent', 'tracking-events-target-discover-event'],
    ['AuditLog2', 'tracking-events-target-audit-log2'],
  ])('names the queue of %s %s', (type, name) => {
    expect(targetQueueName(type)).toBe(name);
  });
});
