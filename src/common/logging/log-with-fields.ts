import { ConsoleLogger, Logger } from '@nestjs/common';

/** What a log line is about, as fields a log search can filter on. */
export type LogFields = Record<string, string | number | undefined>;

type Level = 'log' | 'warn' | 'error' | 'debug';

/**
 * Logs a message with fields. Nest 12's console logger takes them as a trailing object (shown after the
 * message, or as the JSON record's `params`); other loggers, such as nestjs-pino's, and Nest 11's console
 * logger take one object: the fields, with the message as `msg`.
 */
export function logWithFields(logger: Logger, level: Level, message: string, fields: LogFields): void {
  const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  if (takesTrailingFields(logger.localInstance)) logger[level](message, defined);
  else logger[level]({ msg: message, ...defined });
}

// Nest 12's console logger has structured params; Nest 11's would print the object as a second record.
function takesTrailingFields(instance: unknown): boolean {
  return instance instanceof ConsoleLogger && 'stringifyParams' in instance;
}
