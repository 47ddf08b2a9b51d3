import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AuthService } from '../auth/auth.service';
import { adminBasicAuth } from './admin-basic-auth.middleware';

/** The route of the queue dashboard (outside the `/v1` prefix). */
export const QUEUE_BOARD_ROUTE = '/admin/queues';

/**
 * Bull Board at /admin/queues, behind the admin's credentials. The library adds every queue of the
 * tracking pipeline to it (its `bullBoard` setting), one per target type, read-only unless QUEUE_BOARD_ACTIONS.
 */
@Module({
  imports: [
    BullBoardModule.forRootAsync({
      imports: [AuthModule],
      inject: [AuthService],
      useFactory: (auth: AuthService) => ({ route: QUEUE_BOARD_ROUTE, adapter: ExpressAdapter, middleware: adminBasicAuth(auth) }),
    }),
  ],
})
export class QueueBoardModule {}
