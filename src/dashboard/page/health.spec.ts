import { circuitText, targetHealth } from './health';
import type { TargetStats } from './types';

const closed: TargetStats['Circuit'] = { State: 'Closed', OpenedAt: null, RetryAt: null };
const open: TargetStats['Circuit'] = { State: 'Open', OpenedAt: '2026-11-27T10:40:00Z', RetryAt: '2026-11-27T10:41:00Z' };

describe('targetHealth', () => {
  it('is Healthy with no failed attempts, no dead letters and a closed circuit', () => {
    expect(targetHealth({ Delivered: 12, FailedAttempts: 0, DeadLettered: 0, Circuit: closed })).toBe('Healthy');
    expect(targetHealth({ Delivered: 0, FailedAttempts: 0, DeadLettered: 0, Circuit: closed })).toBe('Healthy');
  });

  it('is Degraded with failed attempts or dead letters while some arrive', () => {
    expect(targetHealth({ Delivered: 12, FailedAttempts: 2, DeadLettered: 0, Circuit: closed })).toBe('Degraded');
    expect(targetHealth({ Delivered: 12, FailedAttempts: 0, DeadLettered: 1, Circuit: closed })).toBe('Degraded');
    // Still being retried: not lost yet.
    expect(targetHealth({ Delivered: 0, FailedAttempts: 3, DeadLettered: 0, Circuit: closed })).toBe('Degraded');
  });

  it('is Failing when the circuit is open, or dead letters came with nothing delivered', () => {
    expect(targetHealth({ Delivered: 40, FailedAttempts: 0, DeadLettered: 0, Circuit: open })).toBe('Failing');
    expect(targetHealth({ Delivered: 0, FailedAttempts: 5, DeadLettered: 2, Circuit: closed })).toBe('Failing');
  });

  it('does not call an unknown circuit a failure', () => {
    expect(
      targetHealth({ Delivered: 3, FailedAttempts: 0, DeadLettered: 0, Circuit: { State: 'Unknown', OpenedAt: null, RetryAt: null } }),
    ).toBe('Healthy');
  });
});

describe('circuitText', () => {
  const time = (iso: string) => iso.slice(11, 16);

  it('puts the circuit in words', () => {
    expect(circuitText(closed, time)).toBe('Circuit closed');
    expect(circuitText(open, time)).toBe('Circuit open since 10:40, retry at 10:41');
    expect(circuitText({ State: 'Open', OpenedAt: null, RetryAt: null }, time)).toBe('Circuit open');
    expect(circuitText({ State: 'Unknown', OpenedAt: null, RetryAt: null }, time)).toBe('Circuit state unavailable');
  });
});
