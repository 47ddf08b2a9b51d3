import { ConsoleLogger, Logger, LoggerService } from '@nestjs/common';
import { logWithFields } from './log-with-fields';

describe('logWithFields', () => {
  afterEach(() => Logger.overrideLogger(new ConsoleLogger()));

  it('gives a logger other than Nest console logger one object: the defined fields, and the message as msg', () => {
    const calls: unknown[][] = [];
    const recording: LoggerService = { log: (...args) => calls.push(args), warn: (...args) => calls.push(args), error: () => undefined };
    Logger.overrideLogger(recording);
    logWithFields(new Logger('TrackingEvents'), 'warn', 'failed, will retry', { deliveryId: 'd1', httpStatus: undefined, attempt: 1 });

    expect(calls).toEqual([[{ msg: 'failed, will retry', deliveryId: 'd1', attempt: 1 }, 'TrackingEvents']]);
  });

  it("gives Nest's console logger the fields as the JSON record's params (NestJS 12) or in its message (NestJS 11)", () => {
    const written: string[] = [];
    const logger = new ConsoleLogger({ json: true });
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => written.push(chunk.toString()) > 0);
    try {
      Logger.overrideLogger(logger);
      logWithFields(new Logger('TrackingEvents'), 'log', 'circuit closed', { targetType: 'Http', deliveryConfigId: 'c1' });
    } finally {
      jest.restoreAllMocks();
    }

    const fields = { targetType: 'Http', deliveryConfigId: 'c1' };
    const nest12 = 'stringifyParams' in logger;
    expect(written.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining(
        nest12
          ? { message: 'circuit closed', context: 'TrackingEvents', params: fields }
          : { message: { msg: 'circuit closed', ...fields }, context: 'TrackingEvents' },
      ),
    ]);
  });
});
