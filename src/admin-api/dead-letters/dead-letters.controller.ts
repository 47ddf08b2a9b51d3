import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { AdminApi } from '../auth';
import type { ListPage } from '../../common/list';
import { ApiRoles } from '../../common/api-roles';
import { NotFoundError } from '../../common/errors';
import { ApiErrorResponses, ApiListPageResponse, ApiListQuery, ApiOperation, ApiParam, ApiResponse, ApiTags } from '../../common/openapi';
import { DEAD_LETTER_LIST, DeadLetter, DeadLettersService } from '../../operations/dead-letters/dead-letters.service';

const EXAMPLE_ID = 'Zt5vN1pQ8rS2uW4yA6cE0g';
const idParameter = ApiParam({ name: 'id', description: "The dead letter's delivery ID.", example: EXAMPLE_ID });
const notFound = ApiErrorResponses(new NotFoundError('DeadLetter', EXAMPLE_ID));

/**
 * `/integrations/deadletters`: deliveries that failed for good. List them with OrderCloud's list
 * parameters (filters such as `DeliveryConfigID`, `TargetType`, `EventType`, `OrderID`,
 * `FailedAt=>2026-11-27`), replay one or every match, delete one.
 */
@Controller('integrations/deadletters')
@AdminApi([ApiRoles.FullAccess, ApiRoles.DeliveryConfigAdmin])
@ApiTags('DeadLetters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  @ApiOperation({ summary: 'List dead letters', description: 'Newest first unless `sortBy` says otherwise.' })
  @ApiListPageResponse(DeadLetter)
  @ApiListQuery(DEAD_LETTER_LIST)
  list(@Query() query: Record<string, unknown>): Promise<ListPage<DeadLetter>> {
    return this.deadLetters.list(query);
  }

  /** Replays every dead letter the filters match (no filter: all of them). */
  @Post('replay')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Replay every matching dead letter', description: 'No filter replays all of them (at most 10,000 a call).' })
  @ApiListQuery(DEAD_LETTER_LIST, { paged: false })
  @ApiResponse({
    status: HttpStatus.ACCEPTED,
    description: 'How many dead letters were handed back to their queues.',
    schema: { type: 'object', required: ['Replayed'], properties: { Replayed: { type: 'integer', example: 3 } } },
  })
  replayMatching(@Query() query: Record<string, unknown>): Promise<{ Replayed: number }> {
    return this.deadLetters.replayMatching(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a dead letter' })
  @idParameter
  @ApiResponse({ status: HttpStatus.OK, description: 'The dead letter.', type: DeadLetter })
  @notFound
  get(@Param('id') id: string): Promise<DeadLetter> {
    return this.deadLetters.get(id);
  }

  @Post(':id/replay')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Replay a dead letter',
    description: "Hands the delivery back to its queue with the same delivery ID and the target's current configuration.",
  })
  @idParameter
  @ApiResponse({ status: HttpStatus.ACCEPTED, description: 'The dead letter replayed.', type: DeadLetter })
  @notFound
  replay(@Param('id') id: string): Promise<DeadLetter> {
    return this.deadLetters.replay(id);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a dead letter' })
  @idParameter
  @ApiResponse({ status: HttpStatus.NO_CONTENT, description: 'The dead letter is deleted.' })
  @notFound
  delete(@Param('id') id: string): Promise<void> {
    return this.deadLetters.delete(id);
  }
}
