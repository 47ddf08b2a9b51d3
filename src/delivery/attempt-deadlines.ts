import { setMaxListeners } from 'node:events';
import { DeliveryFailedError } from '../delivery-targets/delivery-failed.error';

/**
 * How long an attempt may go on once its signal is aborted before it is given up. A target that stops on the
 * signal has settled by then, with its own error; one that ignores it no longer holds its place in the queue.
 */
export const GIVE_UP_AFTER_ABORT_MS = 1_000;

/** Per signal of a slice: the rejection its attempts are given up with, shared by them. */
const giveUps = new WeakMap<AbortSignal, Promise<never>>();

/**
 * Timeouts for the many attempts of a batch without a timer and an AbortController each (their
 * cost showed in the delivery profile): attempts that start within the same slice of time share a
 * signal, aborted once the last of them is past its timeout. An attempt is thus aborted between
 * `timeoutMs` and `timeoutMs` plus one slice (a tenth of it, 100 ms at most) after it started, or
 * as soon as the job is cancelled.
 */
export class AttemptDeadlines {
  private readonly sliceMs: number;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly controllers: AbortController[] = [];
  private current?: { controller: AbortController; endsAt: number };
  private readonly onCancel = () => this.controllers.forEach((controller) => controller.abort(this.cancel?.reason));

  constructor(
    private readonly timeoutMs: number,
    private readonly cancel?: AbortSignal,
  ) {
    this.sliceMs = Math.max(1, Math.min(100, Math.ceil(timeoutMs / 10)));
    cancel?.addEventListener('abort', this.onCancel, { once: true });
  }

  /** The signal of an attempt that starts now. */
  signal(): AbortSignal {
    const now = Date.now();
    if (!this.current || now >= this.current.endsAt) {
      const controller = new AbortController();
      // Every attempt of the slice listens to it: more than the default 10 is expected, not a leak.
      setMaxListeners(0, controller.signal);
      this.watch(controller.signal);
      if (this.cancel?.aborted) controller.abort(this.cancel.reason);
      const timeout = new Error(`no answer within ${this.timeoutMs} ms`);
      this.timers.push(setTimeout(() => controller.abort(timeout), this.timeoutMs + this.sliceMs));
      this.controllers.push(controller);
      this.current = { controller, endsAt: now + this.sliceMs };
    }
    return this.current.controller.signal;
  }

  private watch(signal: AbortSignal): void {
    const giveUp = new Promise<never>((_, reject) => {
      const afterAbort = () => {
        const reason = signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
        const failure = new DeliveryFailedError(`${reason}; the target did not stop when its attempt was aborted`, { retryable: true });
        this.timers.push(setTimeout(() => reject(failure), GIVE_UP_AFTER_ABORT_MS));
      };
      signal.addEventListener('abort', afterAbort, { once: true });
    });
    giveUp.catch(() => undefined);
    giveUps.set(signal, giveUp);
  }

  /** Once the attempts are over: no timer or listener outlives them. */
  dispose(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.cancel?.removeEventListener('abort', this.onCancel);
  }
}

/**
 * `work`, an attempt made with a signal of AttemptDeadlines, or a retryable failure once that signal has been
 * aborted for GIVE_UP_AFTER_ABORT_MS and `work` has still not settled.
 */
export function settledOrGivenUp<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  const giveUp = giveUps.get(signal);
  return giveUp ? Promise.race([work, giveUp]) : work;
}
