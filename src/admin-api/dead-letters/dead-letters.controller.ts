import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { AdminApi } from '../auth';
import type { ListPage } from '../../common/list';
import { ApiRoles } from '../../common/api-roles';
import { DeadLetter, DeadLettersService } from '../../operations/dead-letters/dead-letters.service';

/**
 * `/integrations/deadletters`: deliveries that failed for good. List them with OrderCloud's list
 * parameters (filters such as `DeliveryConfigID`, `TargetType`, `EventType`, `OrderID`,
 * `FailedAt=>2026-11-27`), replay one or every match, delete one.
 */
@Controller('integrations/deadletters')
@AdminApi([ApiRoles.FullAccess, ApiRoles.DeliveryConfigAdmin])
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  list(@Query() query: Record<string, unknown>): Promise<ListPage<DeadLetter>> {
    return this.deadLetters.list(query);
  }

  /** Replays every dead letter the filters match (no filter: all of them). */
  @Post('replay')
  @HttpCode(HttpStatus.ACCEPTED)
  replayMatching(@Query() query: Record<string, unknown>): Promise<{ Replayed: number }> {
    return this.deadLetters.replayMatching(query);
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<DeadLetter> {
    return this.deadLetters.get(id);
  }

  @Post(':id/replay')
  @HttpCode(HttpStatus.ACCEPTED)
  replay(@Param('id') id: string): Promise<DeadLetter> {
    return this.deadLetters.replay(id);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@Param('id') id: string): Promise<void> {
    return this.deadLetters.delete(id);
  }
}
