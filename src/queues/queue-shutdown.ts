import { BeforeApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { settleConnecting } from '../redis/redis-connection';

/**
 * The library's queues, seen once more before @nestjs/bullmq closes them (in onApplicationShutdown):
 * those still connecting get a moment to finish, which BullMQ 5 needs to close them cleanly.
 */
export class QueueShutdown implements BeforeApplicationShutdown {
  constructor(private readonly queues: Queue[]) {}

  async beforeApplicationShutdown(): Promise<void> {
    await settleConnecting(this.queues);
  }
}
