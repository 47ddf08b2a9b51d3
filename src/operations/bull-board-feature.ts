import type { DynamicModule } from '@nestjs/common';

/**
 * Adds the library's queues to the host's Bull Board (`BullBoardModule.forRoot()` in the host).
 * Bull Board is an optional dependency: it is loaded only when the `bullBoard` setting asks for it.
 */
export function loadBullBoardFeature(queueNames: string[], readOnly: boolean): DynamicModule {
  let nestjs: typeof import('@bull-board/nestjs');
  let adapter: typeof import('@bull-board/api/bullMQAdapter');
  try {
    nestjs = require('@bull-board/nestjs');
    adapter = require('@bull-board/api/bullMQAdapter');
  } catch {
    throw new Error(
      'TrackingEventsModule setting "bullBoard: true" needs Bull Board. Fix: npm install @bull-board/api @bull-board/nestjs @bull-board/express, and set up BullBoardModule.forRoot() in the host.',
    );
  }
  return nestjs.BullBoardModule.forFeature(
    ...queueNames.map((name) => ({ name, adapter: adapter.BullMQAdapter, options: { readOnlyMode: readOnly } })),
  );
}
