import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, type QueryDeepPartialEntity } from 'typeorm';
import { IdExistsError, NotFoundError, ValidationFailureError } from '../../common/errors';
import { asConstraintViolation, inTransaction } from '../../common/database';
import { generateApiId } from '../../common/ids';
import { applyMergePatch, isPlainObject } from '../../common/patch';
import { assertJsonObject, validateModel } from '../../common/validation';
import { DeliveryConfigEntity, type StoredDeliveryTargets, TrackingEventEntity } from '../../entities';
import { TRACKING_EVENTS_DATA_SOURCE } from '../../tracking-events.tokens';
import { createOrReplace, SavedResource } from '../create-or-replace';
import { RoutingChangeBus } from '../../routing/routing-change-bus';
import { findListPage, ListDefinition, ListPage } from '../../common/list';
import { DeliveryConfig, DeliveryConfigBody } from './delivery-config.model';
import { DeliveryConfigInUseError } from './delivery-config.errors';
import { DeliveryTargetRegistry, refusedDestinations, TargetNetworkPolicy } from '../../delivery-targets';
import { DeliveryTargetSecrets } from '../../secret-encryption';
import {
  keepOmittedWriteOnly,
  putBackSecrets,
  secretsLeftBehind,
  setAsideStoredSecrets,
  validateDeliveryTargets,
  withoutWriteOnly,
} from './delivery-targets';

const OBJECT_TYPE = 'DeliveryConfig';

export const DELIVERY_CONFIG_LIST: ListDefinition = {
  fields: {
    ID: { property: 'id', type: 'string', searchable: true, sortable: true },
    Name: { property: 'name', type: 'string', searchable: true, sortable: true },
    Enabled: { property: 'enabled', type: 'boolean' },
  },
};

/** The DeliveryConfig resource: OrderCloud CRUD semantics over the host's database. */
@Injectable()
export class DeliveryConfigsService {
  constructor(
    @Inject(TRACKING_EVENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly changeBus: RoutingChangeBus,
    private readonly targets: DeliveryTargetRegistry,
    private readonly secrets: DeliveryTargetSecrets,
    private readonly networkPolicy: TargetNetworkPolicy,
  ) {}

  list(query: Record<string, unknown>): Promise<ListPage<DeliveryConfig>> {
    const builder = this.dataSource.getRepository(DeliveryConfigEntity).createQueryBuilder('config');
    return findListPage(builder, query, DELIVERY_CONFIG_LIST, (entity) => this.toModel(entity));
  }

  async get(id: string): Promise<DeliveryConfig> {
    return this.toModel(await this.findOrFail(this.dataSource.manager, id));
  }

  async create(body: unknown): Promise<DeliveryConfig> {
    const draft = this.validate(body);
    const id = draft.ID ?? generateApiId();
    return this.changeBus.after(
      inTransaction(this.dataSource, async (manager) => {
        if (await manager.existsBy(DeliveryConfigEntity, { id })) throw new IdExistsError(OBJECT_TYPE, id);
        return this.toModel(await this.insert(manager, id, draft));
      }),
    );
  }

  /** PUT: creates the config under the path's ID, or replaces it whole (secrets left out are kept). */
  save(id: string, body: unknown): Promise<SavedResource<DeliveryConfig>> {
    return this.changeBus.after(
      createOrReplace(id, () =>
        inTransaction(this.dataSource, async (manager) => {
          const stored = await manager.findOneBy(DeliveryConfigEntity, { id });
          const incoming =
            isPlainObject(body) && stored && isPlainObject(body.DeliveryTargets)
              ? {
                  ...body,
                  DeliveryTargets: keepOmittedWriteOnly(body.DeliveryTargets, stored.deliveryTargets, this.targets.configModels()),
                }
              : body;
          const draft = this.validate(incoming, { ignoreId: true, stored: stored?.deliveryTargets });
          if (stored) this.assertSecretsStay(stored, draft.DeliveryTargets, isPlainObject(body) ? body.DeliveryTargets : undefined);
          if (!stored) return { resource: this.toModel(await this.insert(manager, id, draft)), created: true };
          this.assign(stored, draft);
          return { resource: this.toModel(await manager.save(stored)), created: false };
        }),
      ),
    );
  }

  /** PATCH: merges the body into the stored config; an `ID` in the body moves the config to that ID. */
  async patch(id: string, body: unknown): Promise<DeliveryConfig> {
    assertJsonObject(body);
    return this.changeBus.after(
      inTransaction(this.dataSource, async (manager) => {
        const stored = await this.findOrFail(manager, id);
        const current = { ID: stored.id, Name: stored.name, Enabled: stored.enabled, DeliveryTargets: stored.deliveryTargets };
        const draft = this.validate(applyMergePatch(current, body), { stored: stored.deliveryTargets });
        this.assertSecretsStay(stored, draft.DeliveryTargets, body.DeliveryTargets);
        const newId = draft.ID ?? id;
        if (newId !== id) {
          if (await manager.existsBy(DeliveryConfigEntity, { id: newId })) throw new IdExistsError(OBJECT_TYPE, newId);
          // TrackingEvents follow through the foreign key's ON UPDATE CASCADE.
          await this.mapViolations(manager.update(DeliveryConfigEntity, { id }, { id: newId }), newId);
          stored.id = newId;
        }
        this.assign(stored, draft);
        return this.toModel(await manager.save(stored));
      }),
    );
  }

  async delete(id: string): Promise<void> {
    await this.changeBus.after(
      inTransaction(this.dataSource, async (manager) => {
        await this.findOrFail(manager, id);
        const users = await manager.find(TrackingEventEntity, {
          where: { deliveryConfigId: id },
          select: { id: true },
          order: { id: 'ASC' },
        });
        if (users.length > 0)
          throw new DeliveryConfigInUseError(
            id,
            users.map((event) => event.id),
          );
        try {
          await manager.delete(DeliveryConfigEntity, { id });
        } catch (error) {
          // A TrackingEvent created since the check above: the foreign key refuses the delete.
          if (asConstraintViolation(error)?.kind === 'foreign-key') throw new DeliveryConfigInUseError(id, []);
          throw error;
        }
      }),
    );
  }

  private assertSecretsStay(stored: DeliveryConfigEntity, result: DeliveryConfigEntity['deliveryTargets'], given: unknown): void {
    const problems = secretsLeftBehind(stored.deliveryTargets, result, given, this.targets.configModels());
    if (problems.length > 0) throw new ValidationFailureError(problems);
  }

  /** `stored`: the targets of the row a PUT or PATCH replaces, whose encrypted secrets it may keep. */
  private validate(
    body: unknown,
    options: { ignoreId?: boolean; stored?: StoredDeliveryTargets } = {},
  ): DeliveryConfigBody & { DeliveryTargets: DeliveryConfigEntity['deliveryTargets'] } {
    const result = validateModel(DeliveryConfigBody, body);
    const problems = [...result.problems];
    let targets: DeliveryConfigEntity['deliveryTargets'] = {};
    if (result.value) {
      const models = this.targets.configModels();
      const given = setAsideStoredSecrets(result.value.DeliveryTargets, options.stored ?? {}, models);
      const checked = validateDeliveryTargets(given.targets, models, new Set(given.aside.keys()));
      problems.push(...checked.problems);
      for (const [type, config] of Object.entries(checked.targets)) {
        problems.push(...refusedDestinations(`DeliveryTargets.${type}`, config, models[type], this.networkPolicy));
      }
      targets = putBackSecrets(checked.targets, given.aside);
    }
    if (problems.length > 0) throw new ValidationFailureError(problems);
    const draft = result.value!;
    return { ...draft, ID: options.ignoreId ? undefined : draft.ID, DeliveryTargets: targets };
  }

  private async insert(manager: EntityManager, id: string, draft: DeliveryConfigBody): Promise<DeliveryConfigEntity> {
    const entity = manager.create(DeliveryConfigEntity, { id });
    this.assign(entity, draft);
    // An INSERT, not save(): save() reads first and updates a row that another request has just committed.
    await this.mapViolations(manager.insert(DeliveryConfigEntity, entity as QueryDeepPartialEntity<DeliveryConfigEntity>), id);
    return entity;
  }

  private assign(entity: DeliveryConfigEntity, draft: DeliveryConfigBody): void {
    entity.name = draft.Name;
    entity.enabled = draft.Enabled ?? true;
    entity.deliveryTargets = this.secrets.seal(draft.DeliveryTargets as DeliveryConfigEntity['deliveryTargets']);
  }

  private async mapViolations<T>(write: Promise<T>, id: string): Promise<T> {
    try {
      return await write;
    } catch (error) {
      if (asConstraintViolation(error)?.kind === 'primary-key') throw new IdExistsError(OBJECT_TYPE, id);
      throw error;
    }
  }

  private async findOrFail(manager: EntityManager, id: string): Promise<DeliveryConfigEntity> {
    const entity = await manager.findOneBy(DeliveryConfigEntity, { id });
    if (!entity) throw new NotFoundError(OBJECT_TYPE, id);
    return entity;
  }

  private toModel(entity: DeliveryConfigEntity): DeliveryConfig {
    return {
      ID: entity.id,
      Name: entity.name,
      Enabled: entity.enabled,
      DeliveryTargets: withoutWriteOnly(entity.deliveryTargets, this.targets.configModels()),
    };
  }
}
