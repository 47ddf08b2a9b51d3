/**
 * What a log line says of something thrown: its message, or the value itself. Read by shape, since an
 * error made in another realm (a worker thread's, a test's VM context) is not `instanceof Error` here.
 */
export function errorMessage(thrown: unknown): string {
  const message = (thrown as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' ? message : String(thrown);
}
