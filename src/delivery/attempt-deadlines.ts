import { setMaxListeners } from 'node:events';

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
      if (this.cancel?.aborted) controller.abort(this.cancel.reason);
      const timeout = new Error(`no answer within ${this.timeoutMs} ms`);
      this.timers.push(setTimeout(() => controller.abort(timeout), this.timeoutMs + this.sliceMs));
      this.controllers.push(controller);
      this.current = { controller, endsAt: now + this.sliceMs };
    }
    return this.current.controller.signal;
  }

  /** Once the attempts are over: no timer or listener outlives them. */
  dispose(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.cancel?.removeEventListener('abort', this.onCancel);
  }
}
