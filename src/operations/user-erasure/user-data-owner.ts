import type { CapturedEvent } from '../../messages/captured-event';
import type { TrackingMessage } from '../../messages/tracking-message';

/**
 * Which captured events and messages are a user's: those of the user's ID, and those of the anonymous
 * IDs the user was linked to (the shopping done before logging in).
 */
export class UserDataOwner {
  private readonly anonymousIds: ReadonlySet<string>;

  constructor(
    readonly userId: string,
    anonymousIds: readonly string[],
  ) {
    this.anonymousIds = new Set(anonymousIds);
  }

  ownsEvent(event: CapturedEvent): boolean {
    const context = event.Context ?? {};
    if (context.UserID === this.userId || this.isAnonymousId(context.AnonymousID)) return true;
    return event.EventType === 'UserLoggedIn' && event.Subject?.UserID === this.userId;
  }

  ownsMessage(message: TrackingMessage): boolean {
    const user = message.Payload?.UserContext;
    return user?.ID === this.userId || this.isAnonymousId(user?.AnonymousId);
  }

  private isAnonymousId(id: string | null | undefined): boolean {
    return typeof id === 'string' && this.anonymousIds.has(id);
  }
}
