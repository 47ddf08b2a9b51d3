/** The workers' thread of an API process could not be started or used as asked. */
export class WorkersThreadError extends Error {
  override readonly name = 'WorkersThreadError';
}
