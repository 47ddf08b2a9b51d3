import { Brackets, ObjectLiteral, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import type { ListDefinition } from './list-definition';
import type { FilterTerm, ListPage } from './list-query';
import { parseListQuery } from './list-query.parser';

/**
 * Runs an OrderCloud list request (the raw query parameters) on a query builder and shapes the list page.
 * String equality and wildcards ignore case, as OrderCloud's do; `>`/`<` compare the stored
 * values so that they agree with `sortBy` (the "last ID" paging pattern relies on it).
 */
export async function findListPage<Entity extends ObjectLiteral, Model>(
  builder: SelectQueryBuilder<Entity>,
  parameters: Record<string, unknown>,
  definition: ListDefinition,
  toModel: (entity: Entity) => Model,
): Promise<ListPage<Model>> {
  const query = parseListQuery(parameters, definition);
  const alias = builder.alias;
  const column = (field: string) => `${alias}.${definition.fields[field].property}`;
  let parameterCount = 0;
  const parameter = (value: unknown) => {
    const name = `list_${parameterCount++}`;
    builder.setParameter(name, value);
    return `:${name}`;
  };

  for (const filter of query.filters) {
    builder.andWhere(
      new Brackets((anyOf) => {
        for (const term of filter.terms) {
          orWhereTerm(anyOf, column(filter.field), term, parameter);
        }
      }),
    );
  }

  if (query.search) {
    const { text, fields } = query.search;
    const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    builder.andWhere(
      new Brackets((anyOf) => {
        for (const field of fields) anyOf.orWhere(`LOWER(${column(field)}) LIKE ${parameter(pattern)} ESCAPE '\\'`);
      }),
    );
  }

  const sorts = query.sort.length > 0 ? query.sort : (definition.defaultSort ?? []);
  for (const sort of sorts) builder.addOrderBy(column(sort.field), sort.descending ? 'DESC' : 'ASC');
  // A stable order makes pages disjoint even when the requested sort has ties.
  if (!sorts.some((sort) => sort.field === 'ID')) builder.addOrderBy(column('ID'), 'ASC');

  const offset = (query.page - 1) * query.pageSize;
  const [entities, totalCount] = await builder.offset(offset).limit(query.pageSize).getManyAndCount();
  return {
    Meta: {
      Page: query.page,
      PageSize: query.pageSize,
      TotalCount: totalCount,
      TotalPages: Math.ceil(totalCount / query.pageSize),
      ItemRange: [offset + 1, offset + entities.length],
    },
    Items: entities.map(toModel),
  };
}

function orWhereTerm(anyOf: WhereExpressionBuilder, column: string, term: FilterTerm, parameter: (value: unknown) => string): void {
  if (term.operator === 'exists') {
    anyOf.orWhere(term.negate ? `${column} IS NULL` : `${column} IS NOT NULL`);
    return;
  }
  let condition: string;
  if (term.operator === 'like') {
    condition = `LOWER(${column}) LIKE ${parameter(String(term.value).toLowerCase())} ESCAPE '\\'`;
  } else if (term.operator === '=' && typeof term.value === 'string') {
    condition = `LOWER(${column}) = ${parameter(term.value.toLowerCase())}`;
  } else {
    condition = `${column} ${term.operator} ${parameter(term.value)}`;
  }
  // "Not x" includes rows with no value at all, as a client reading "!x" expects.
  anyOf.orWhere(term.negate ? `(${column} IS NULL OR NOT (${condition}))` : condition);
}
