import { ConsoleLogger, Logger } from '@nestjs/common';

/** What a log line is about, as fields a log search can filter on. */
export type LogFields = Record<string, string | number | undefined>;

type Level = 'log' | 'warn' | 'error' | 'debug';

/**
 * Logs a message with fields. Nest's console logger takes them as a trailing object (shown after the
 * message, or as JSON fields with `json: true`); other loggers, such as nestjs-pino's, take an object with
 * the fields and the message as `msg`.
 */
export function logWithFields(logger: Logger, level: Level, message: string, fields: LogFields): void {
  const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  if (logger.localInstance instanceof ConsoleLogger) logger[level](message, defined);
  else logger[level]({ msg: message, ...defined });
}
