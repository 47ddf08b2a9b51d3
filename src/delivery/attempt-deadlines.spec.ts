import { AttemptDeadlines } from './attempt-deadlines';

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
});
