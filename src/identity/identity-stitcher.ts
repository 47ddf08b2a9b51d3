import { Injectable } from '@nestjs/common';
import type { TrackingContext } from '../messages/tracking-context';
import { TrackingEventPublisher } from '../capture/tracking-event.publisher';
import { IdentityLinksService } from './identity-links.service';
import { InvalidIdentityError } from './invalid-identity.error';

/** What a stitch did. */
export interface StitchResult {
  /** False when this anonymous shopper was already linked to this user: nothing was recorded or sent. */
  linked: boolean;
  /** The ID of the identity message's event, when one was captured. */
  eventId: string | null;
}

const MAX_ID_LENGTH = 100;

/**
 * Tells the targets that an anonymous shopper is now a known user: records the link and sends the
 * `sessions.identified` message (UserContext with both IDs) to the targets of the API client's
 * `UserLoggedIn` TrackingEvent — Send gets `IDENTIFY` for the anonymous contact, Discover a
 * `user:login` for the anonymous uuid. For hosts whose login does not go through OrderCloud tokens,
 * this is the call to make when a shopper logs in.
 * @publicApi
 */
@Injectable()
export class IdentityStitcher {
  constructor(
    private readonly links: IdentityLinksService,
    private readonly publisher: TrackingEventPublisher,
  ) {}

  /**
   * Links the anonymous ID to the user and, the first time only, captures the identity message.
   * The API client comes from the request context unless `context` gives it.
   */
  async stitch(anonymousId: string, userId: string, context: Partial<TrackingContext> = {}): Promise<StitchResult> {
    assertId('anonymousId', anonymousId);
    assertId('userId', userId);
    if (!(await this.links.link(anonymousId, userId))) return { linked: false, eventId: null };
    const eventId = await this.publisher.publish(
      'UserLoggedIn',
      { UserID: userId },
      { context: { ...context, UserID: userId, AnonymousID: anonymousId } },
    );
    return { linked: true, eventId };
  }
}

function assertId(name: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH || value.includes('\0')) {
    throw new InvalidIdentityError(`${name} must be a string of 1 to ${MAX_ID_LENGTH} characters, without the NUL character.`);
  }
}
