import { DeliveryFailedError } from '../delivery-targets/delivery-failed.error';
import { AttemptDeadlines, GIVE_UP_AFTER_ABORT_MS, settledOrGivenUp } from './attempt-deadlines';

describe('AttemptDeadlines', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('gives attempts of the same slice one signal, and later attempts another', () => {
    const deadlines = new AttemptDeadlines(1_000);
    const first = deadlines.signal();
    jest.advanceTimersByTime(99);
    expect(deadlines.signal()).toBe(first);
    jest.advanceTimersByTime(1);
    expect(deadlines.signal()).not.toBe(first);
    deadlines.dispose();
  });

  it('aborts a signal once every attempt of its slice is past the timeout, and not before', () => {
    const deadlines = new AttemptDeadlines(1_000);
    const signal = deadlines.signal();
    jest.advanceTimersByTime(1_099);
    expect(signal.aborted).toBe(false);
    jest.advanceTimersByTime(1);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('no answer within 1000 ms');
    deadlines.dispose();
  });

  it('aborts every signal when the job is cancelled, and those of attempts started after it at once', () => {
    const cancel = new AbortController();
    const deadlines = new AttemptDeadlines(1_000, cancel.signal);
    const first = deadlines.signal();
    jest.advanceTimersByTime(150);
    const second = deadlines.signal();
    cancel.abort(new Error('shutting down'));
    expect([first.aborted, second.aborted]).toEqual([true, true]);
    jest.advanceTimersByTime(150);
    expect(deadlines.signal().aborted).toBe(true);
    expect((first.reason as Error).message).toBe('shutting down');
    deadlines.dispose();
  });

  it('leaves no timer behind once disposed', () => {
    const deadlines = new AttemptDeadlines(1_000);
    const signal = deadlines.signal();
    deadlines.dispose();
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(5_000);
    expect(signal.aborted).toBe(false);
  });

  it('keeps slices short for short timeouts', () => {
    const deadlines = new AttemptDeadlines(50);
    const signal = deadlines.signal();
    jest.advanceTimersByTime(54);
    expect(signal.aborted).toBe(false);
    jest.advanceTimersByTime(1);
    expect(signal.aborted).toBe(true);
    deadlines.dispose();
  });

  describe('settledOrGivenUp', () => {
    const never = () => new Promise<never>(() => undefined);

    it('gives up, retryably, on an attempt that goes on past its abort, once the grace period is over', async () => {
      const deadlines = new AttemptDeadlines(1_000);
      const attempt = settledOrGivenUp(never(), deadlines.signal());
      const outcome = attempt.then(
        () => 'settled',
        (error: unknown) => error,
      );
      jest.advanceTimersByTime(1_100 + GIVE_UP_AFTER_ABORT_MS - 1);
      await Promise.resolve();
      expect(await Promise.race([outcome, Promise.resolve('pending')])).toBe('pending');
      jest.advanceTimersByTime(1);
      const error = await outcome;
      expect(error).toBeInstanceOf(DeliveryFailedError);
      expect(error).toMatchObject({
        message: 'no answer within 1000 ms; the target did not stop when its attempt was aborted',
        retryable: true,
      });
      deadlines.dispose();
    });

    it("keeps the target's own answer or error when it settles within the grace period", async () => {
      const deadlines = new AttemptDeadlines(1_000);
      const signal = deadlines.signal();
      const stopsOnAbort = settledOrGivenUp(
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted by the target')))),
        signal,
      );
      const answers = settledOrGivenUp(Promise.resolve('delivered'), signal);
      jest.advanceTimersByTime(1_100);
      await expect(stopsOnAbort).rejects.toThrow('aborted by the target');
      await expect(answers).resolves.toBe('delivered');
      deadlines.dispose();
      expect(jest.getTimerCount()).toBe(0);
    });

    it('gives up on attempts of a cancelled job too', async () => {
      const cancel = new AbortController();
      const deadlines = new AttemptDeadlines(60_000, cancel.signal);
      const attempt = settledOrGivenUp(never(), deadlines.signal());
      cancel.abort(new Error('shutting down'));
      jest.advanceTimersByTime(GIVE_UP_AFTER_ABORT_MS);
      await expect(attempt).rejects.toThrow('shutting down; the target did not stop when its attempt was aborted');
      deadlines.dispose();
    });
  });
});
