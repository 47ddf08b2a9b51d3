import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, type QueryDeepPartialEntity } from 'typeorm';
import { asConstraintViolation, inTransaction } from '../../common/database';
import { IdExistsError, NotFoundError, ValidationFailureError } from '../../common/errors';
import { generateApiId } from '../../common/ids';
import { applyMergePatch } from '../../common/patch';
import { assertJsonObject, validateModel } from '../../common/validation';
import { DeliveryConfigEntity, TrackingEventEntity } from '../../entities';
import type { TrackingEventsSettings } from '../../options';
import { TRACKING_EVENTS_DATA_SOURCE, TRACKING_EVENTS_SETTINGS } from '../../tracking-events.tokens';
import { createOrReplace, SavedResource } from '../create-or-replace';
import { RoutingChangeBus } from '../../routing/routing-change-bus';
import { findListPage, ListDefinition, ListPage } from '../../common/list';
import { TrackingEvent, TrackingEventBody } from './tracking-event.model';
import {
  CannotUpdatePropertyError,
  DuplicateEventTypeError,
  InvalidClientIdError,
  InvalidDeliveryConfigIdError,
} from './tracking-event.errors';

const OBJECT_TYPE = 'TrackingEvent';

export const TRACKING_EVENT_LIST: ListDefinition = {
  fields: {
    ID: { property: 'id', type: 'string', searchable: true, sortable: true },
    EventType: { property: 'eventType', type: 'string', searchable: true, sortable: true },
    ClientID: { property: 'clientId', type: 'string' },
    Name: { property: 'name', type: 'string' },
    DeliveryConfigID: { property: 'deliveryConfigId', type: 'string' },
  },
};

/** The TrackingEvent resource: OrderCloud CRUD semantics over the host's database. */
@Injectable()
export class TrackingEventsService {
  constructor(
    @Inject(TRACKING_EVENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly changeBus: RoutingChangeBus,
    @Inject(TRACKING_EVENTS_SETTINGS) private readonly settings: TrackingEventsSettings,
  ) {}

  list(query: Record<string, unknown>): Promise<ListPage<TrackingEvent>> {
    const builder = this.dataSource.getRepository(TrackingEventEntity).createQueryBuilder('event');
    return findListPage(builder, query, TRACKING_EVENT_LIST, toModel);
  }

  async get(id: string): Promise<TrackingEvent> {
    return toModel(await this.findOrFail(this.dataSource.manager, id));
  }

  async create(body: unknown): Promise<TrackingEvent> {
    const draft = validate(body);
    const id = draft.ID ?? generateApiId();
    const clientExists = await this.apiClientExists(draft.ClientID);
    return this.changeBus.after(
      inTransaction(this.dataSource, async (manager) => {
        if (await manager.existsBy(TrackingEventEntity, { id })) throw new IdExistsError(OBJECT_TYPE, id);
        return toModel(await this.insert(manager, id, draft, clientExists));
      }),
    );
  }

  /** PUT: creates the event under the path's ID, or replaces it whole (ClientID and EventType must not change). */
  save(id: string, body: unknown): Promise<SavedResource<TrackingEvent>> {
    return this.changeBus.after(createOrReplace(id, () => this.replaceOrInsert(id, body)));
  }

  /** PATCH: merges the body into the stored event; an `ID` in the body moves the event to that ID. */
  async patch(id: string, body: unknown): Promise<TrackingEvent> {
    assertJsonObject(body);
    return this.changeBus.after(
      inTransaction(this.dataSource, async (manager) => {
        const stored = await this.findOrFail(manager, id);
        const draft = validate(applyMergePatch(toModel(stored), body));
        assertUnchangedIdentity(stored, draft);
        await this.assertDeliveryConfigExists(manager, draft.DeliveryConfigID);
        const newId = draft.ID ?? id;
        if (newId !== id) {
          if (await manager.existsBy(TrackingEventEntity, { id: newId })) throw new IdExistsError(OBJECT_TYPE, newId);
          await this.mapViolations(manager.update(TrackingEventEntity, { id }, { id: newId }), newId, draft);
          stored.id = newId;
        }
        assign(stored, draft);
        return toModel(await this.mapViolations(manager.save(stored), newId, draft));
      }),
    );
  }

  async delete(id: string): Promise<void> {
    await this.changeBus.after(
      inTransaction(this.dataSource, async (manager) => {
        await this.findOrFail(manager, id);
        await manager.delete(TrackingEventEntity, { id });
      }),
    );
  }

  private async replaceOrInsert(id: string, body: unknown): Promise<SavedResource<TrackingEvent>> {
    const draft = validate(body, { ignoreId: true });
    const clientExists = await this.apiClientExists(draft.ClientID);
    return inTransaction(this.dataSource, async (manager) => {
      const stored = await manager.findOneBy(TrackingEventEntity, { id });
      if (!stored) return { resource: toModel(await this.insert(manager, id, draft, clientExists)), created: true };
      assertUnchangedIdentity(stored, draft);
      await this.assertDeliveryConfigExists(manager, draft.DeliveryConfigID);
      assign(stored, draft);
      return { resource: toModel(await this.mapViolations(manager.save(stored), id, draft)), created: false };
    });
  }

  /**
   * Asked before the transaction opens, never inside it: the host's lookup may take a connection of its own
   * from the pool, and transactions each waiting for one more connection while holding one can take the
   * whole pool and wait for ever.
   */
  private async apiClientExists(clientId: string): Promise<boolean> {
    return Boolean(await this.settings.apiClientExists(clientId));
  }

  private async insert(manager: EntityManager, id: string, draft: TrackingEventBody, clientExists: boolean): Promise<TrackingEventEntity> {
    if (!clientExists) throw new InvalidClientIdError(draft.ClientID);
    await this.assertDeliveryConfigExists(manager, draft.DeliveryConfigID);
    const sameType = await manager.findOneBy(TrackingEventEntity, { clientId: draft.ClientID, eventType: draft.EventType });
    if (sameType) throw new DuplicateEventTypeError(draft.ClientID, draft.EventType, sameType.id);
    const entity = manager.create(TrackingEventEntity, { id });
    assign(entity, draft);
    // An INSERT, not save(): save() reads first and updates a row that another request has just committed.
    await this.mapViolations(manager.insert(TrackingEventEntity, entity as QueryDeepPartialEntity<TrackingEventEntity>), id, draft);
    return entity;
  }

  private async assertDeliveryConfigExists(manager: EntityManager, deliveryConfigId: string): Promise<void> {
    if (!(await manager.existsBy(DeliveryConfigEntity, { id: deliveryConfigId }))) {
      throw new InvalidDeliveryConfigIdError(deliveryConfigId);
    }
  }

  /** Turns a write refused by a constraint (a race with another request) into the error the checks give. */
  private async mapViolations<T>(write: Promise<T>, id: string, draft: TrackingEventBody): Promise<T> {
    try {
      return await write;
    } catch (error) {
      const violation = asConstraintViolation(error);
      if (violation?.kind === 'primary-key') throw new IdExistsError(OBJECT_TYPE, id);
      if (violation?.kind === 'unique') throw new DuplicateEventTypeError(draft.ClientID, draft.EventType);
      if (violation?.kind === 'foreign-key') throw new InvalidDeliveryConfigIdError(draft.DeliveryConfigID);
      throw error;
    }
  }

  private async findOrFail(manager: EntityManager, id: string): Promise<TrackingEventEntity> {
    const entity = await manager.findOneBy(TrackingEventEntity, { id });
    if (!entity) throw new NotFoundError(OBJECT_TYPE, id);
    return entity;
  }
}

function validate(body: unknown, options: { ignoreId?: boolean } = {}): TrackingEventBody {
  const result = validateModel(TrackingEventBody, body);
  if (result.problems.length > 0) throw new ValidationFailureError(result.problems);
  const draft = result.value!;
  if (options.ignoreId) draft.ID = undefined;
  return draft;
}

function assertUnchangedIdentity(stored: TrackingEventEntity, draft: TrackingEventBody): void {
  const changed: string[] = [];
  if (draft.ClientID !== stored.clientId) changed.push('ClientID');
  if (draft.EventType !== stored.eventType) changed.push('EventType');
  if (changed.length > 0) throw new CannotUpdatePropertyError(changed);
}

function assign(entity: TrackingEventEntity, draft: TrackingEventBody): void {
  entity.eventType = draft.EventType;
  entity.clientId = draft.ClientID;
  entity.name = draft.Name;
  entity.configData = draft.ConfigData ?? null;
  entity.deliveryConfigId = draft.DeliveryConfigID;
}

function toModel(entity: TrackingEventEntity): TrackingEvent {
  return {
    ID: entity.id,
    EventType: entity.eventType as TrackingEvent['EventType'],
    ClientID: entity.clientId,
    Name: entity.name,
    ConfigData: entity.configData ?? null,
    DeliveryConfigID: entity.deliveryConfigId,
  };
}
