import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { asConstraintViolation, withConnectionTurn } from '../common/database';
import { TRACKING_EVENTS_DATA_SOURCE } from '../tracking-events.tokens';
import { IdentityLinkEntity } from './identity-link.entity';

/**
 * The links between anonymous shoppers and users, kept in the host's database so that they hold
 * across restarts and processes. A user's *current* anonymous ID is the one linked last: it lasts
 * until the user's next stitch (or until the links are deleted).
 * @publicApi
 */
@Injectable()
export class IdentityLinksService {
  constructor(@Inject(TRACKING_EVENTS_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Records the link; resolves to false when it was already there (nothing changes then). */
  async link(anonymousId: string, userId: string): Promise<boolean> {
    try {
      await withConnectionTurn(this.dataSource, () =>
        this.dataSource.getRepository(IdentityLinkEntity).insert({ anonymousId, userId, linkedAt: new Date() }),
      );
      return true;
    } catch (error) {
      if (asConstraintViolation(error)?.kind === 'primary-key') return false;
      throw error;
    }
  }

  /** The anonymous ID the user was last linked to, if any. */
  async currentAnonymousId(userId: string): Promise<string | undefined> {
    return (await this.currentAnonymousIds([userId])).get(userId);
  }

  /**
   * The current anonymous ID of each of the users that has one, in one query. A user ID holding the NUL
   * character has none (stitching refuses it) and is not asked for: PostgreSQL would refuse the whole query.
   */
  async currentAnonymousIds(userIds: readonly string[]): Promise<Map<string, string>> {
    const current = new Map<string, string>();
    const askable = [...new Set(userIds)].filter((userId) => !String(userId).includes('\0'));
    if (askable.length === 0) return current;
    const links = await this.dataSource.getRepository(IdentityLinkEntity).find({
      where: { userId: In(askable) },
      order: { linkedAt: 'DESC', anonymousId: 'ASC' },
    });
    for (const link of links) if (!current.has(link.userId)) current.set(link.userId, link.anonymousId);
    return current;
  }

  /** Every link of the user, newest first. */
  linksOf(userId: string): Promise<IdentityLinkEntity[]> {
    return this.dataSource.getRepository(IdentityLinkEntity).find({ where: { userId }, order: { linkedAt: 'DESC', anonymousId: 'ASC' } });
  }

  /**
   * Deletes the user's links both ways: those of the user, and those of the anonymous IDs the user was
   * linked to (one browser stitched to several users). Only the links: `UserErasureService.forgetUser`
   * erases a user's data everywhere, and calls this. Resolves to the user's anonymous IDs and how many
   * links were deleted; events hydrated afterwards carry no anonymous ID for this user.
   */
  async unlinkUser(userId: string): Promise<{ anonymousIds: string[]; deleted: number }> {
    const anonymousIds = (await this.linksOf(userId)).map((link) => link.anonymousId);
    const repository = this.dataSource.getRepository(IdentityLinkEntity);
    const conditions = anonymousIds.length > 0 ? [{ userId }, { anonymousId: In(anonymousIds) }] : { userId };
    const { affected } = await withConnectionTurn(this.dataSource, () => repository.delete(conditions));
    return { anonymousIds, deleted: affected ?? 0 };
  }
}
