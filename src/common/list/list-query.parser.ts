import { HttpStatus } from '@nestjs/common';
import { ApiError, ApiErrorException } from '../errors';
import type { ListDefinition, ListField } from './list-definition';
import type { FilterTerm, ListFilter, ListQuery, ListSort } from './list-query';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const RESERVED = ['page', 'pagesize', 'search', 'searchon', 'sortby'];
/** SQL's INTEGER range (PostgreSQL's and MySQL's 32-bit type). */
const INTEGER_MIN = -(2 ** 31);
const INTEGER_MAX = 2 ** 31 - 1;

type RawQuery = Record<string, unknown>;

/**
 * Reads OrderCloud list parameters (`page`, `pageSize`, `search`, `searchOn`, `sortBy` and
 * filters with the `*`, `|`, `!`, `>`, `<` operators) against a resource's list definition.
 * Every problem is reported at once with the `List.*` error codes.
 */
export function parseListQuery(query: RawQuery, definition: ListDefinition): ListQuery {
  const errors: ApiError[] = [];
  const param = (name: string) => lastValue(valueOf(query, name));

  const page = parsePositiveInteger(param('page'), 1);
  if (page === undefined) errors.push(listError('List.InvalidPage', 'page must be a whole number of 1 or more.', { page: param('page') }));
  const pageSize = parsePositiveInteger(param('pageSize'), DEFAULT_PAGE_SIZE);
  if (pageSize === undefined || pageSize > MAX_PAGE_SIZE) {
    errors.push(
      listError('List.InvalidPageSize', `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}.`, {
        pageSize: param('pageSize'),
      }),
    );
  }

  const search = parseSearch(param('search'), param('searchOn'), definition, errors);
  const sort = parseSort(param('sortBy'), definition, errors);
  const filters = parseFilters(query, definition, errors);

  if (errors.length > 0) throw new ApiErrorException(HttpStatus.BAD_REQUEST, errors);
  return { page: page!, pageSize: pageSize!, search, sort, filters };
}

function parseSearch(
  text: string | undefined,
  searchOn: string | undefined,
  definition: ListDefinition,
  errors: ApiError[],
): ListQuery['search'] {
  const searchable = Object.entries(definition.fields).filter(([, field]) => field.searchable);
  let fields = searchable.map(([name]) => name);
  if (searchOn !== undefined && searchOn.trim() !== '') {
    fields = [];
    for (const requested of splitList(searchOn)) {
      const name = fieldName(requested, definition);
      if (name && definition.fields[name].searchable) fields.push(name);
      else {
        errors.push(
          listError('List.InvalidSearchProperty', `${requested} is not searchable. Search on: ${searchable.map(([n]) => n).join(', ')}.`, {
            Property: requested,
          }),
        );
      }
    }
  }
  if (text === undefined || text.trim() === '') return undefined;
  return { text: text.trim(), fields };
}

function parseSort(sortBy: string | undefined, definition: ListDefinition, errors: ApiError[]): ListSort[] {
  if (sortBy === undefined) return [];
  const sortable = Object.entries(definition.fields)
    .filter(([, field]) => field.sortable)
    .map(([name]) => name);
  const sort: ListSort[] = [];
  for (const item of splitList(sortBy)) {
    const descending = item.startsWith('!');
    const requested = descending ? item.slice(1) : item;
    const name = fieldName(requested, definition);
    if (name && definition.fields[name].sortable) sort.push({ field: name, descending });
    else {
      errors.push(
        listError('List.InvalidSortProperty', `${requested} is not sortable. Sort by: ${sortable.join(', ')}.`, {
          Property: requested,
        }),
      );
    }
  }
  return sort;
}

function parseFilters(query: RawQuery, definition: ListDefinition, errors: ApiError[]): ListFilter[] {
  const filters: ListFilter[] = [];
  for (const [key, raw] of Object.entries(query)) {
    if (RESERVED.includes(key.toLowerCase())) continue;
    const name = fieldName(key, definition);
    if (!name) {
      errors.push(
        listError(
          'List.InvalidProperty',
          `${key} is not a property that can be filtered. Filter on: ${Object.keys(definition.fields).join(', ')}.`,
          {
            Property: key,
          },
        ),
      );
      continue;
    }
    // A repeated parameter (`ID=a*&ID=!ab`) means every one of its values must match.
    for (const value of toArray(raw)) {
      const terms = value.split('|').map((term) => parseTerm(term, definition.fields[name]));
      const invalid = terms.some((term) => term === undefined);
      if (invalid) {
        errors.push(
          listError('List.InvalidType', `${value} is not a valid value for ${name} (${definition.fields[name].type}).`, {
            Property: name,
            Value: value,
          }),
        );
        continue;
      }
      filters.push({ field: name, terms: terms as FilterTerm[] });
    }
  }
  return filters;
}

/** Parses one alternative such as `abc`, `!abc`, `ab*`, `>x`, `!<=5` or `*`; undefined if the type does not allow it. */
export function parseTerm(raw: string, field: ListField): FilterTerm | undefined {
  let rest = raw;
  const negate = rest.startsWith('!');
  if (negate) rest = rest.slice(1);
  if (rest === '*') return { negate, operator: 'exists', value: null };

  const operator = (['>=', '<=', '>', '<'] as const).find((candidate) => rest.startsWith(candidate));
  if (operator) rest = rest.slice(operator.length);

  if (field.type === 'boolean') {
    const lowered = rest.toLowerCase();
    if (operator || (lowered !== 'true' && lowered !== 'false')) return undefined;
    return { negate, operator: '=', value: lowered === 'true' };
  }
  if (field.type === 'number' || field.type === 'integer') {
    if (!/^-?\d+(\.\d+)?$/.test(rest)) return undefined;
    const value = Number(rest);
    // PostgreSQL refuses a decimal or out-of-range value for an INTEGER column with an error.
    if (field.type === 'integer' && !(Number.isInteger(value) && value >= INTEGER_MIN && value <= INTEGER_MAX)) return undefined;
    return { negate, operator: operator ?? '=', value };
  }
  if (field.type === 'date') {
    const date = /^\d{4}-\d{2}-\d{2}/.test(rest) ? new Date(rest) : undefined;
    if (!date || Number.isNaN(date.getTime())) return undefined;
    return { negate, operator: operator ?? '=', value: date };
  }
  if (operator) return { negate, operator, value: rest };
  if (rest.includes('*')) return { negate, operator: 'like', value: toLikePattern(rest) };
  return { negate, operator: '=', value: rest };
}

/** `ab*c` → `ab%c`, with the LIKE metacharacters of the value itself escaped by `\`. */
export function toLikePattern(wildcardValue: string): string {
  return wildcardValue.replace(/[\\%_]/g, (char) => `\\${char}`).replace(/\*/g, '%');
}

function fieldName(requested: string, definition: ListDefinition): string | undefined {
  const lowered = requested.trim().toLowerCase();
  return Object.keys(definition.fields).find((name) => name.toLowerCase() === lowered);
}

function valueOf(query: RawQuery, name: string): unknown {
  const key = Object.keys(query).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : query[key];
}

function lastValue(raw: unknown): string | undefined {
  const values = toArray(raw);
  return values.length > 0 ? values[values.length - 1] : undefined;
}

function toArray(raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  if (Array.isArray(raw)) return raw.map(String);
  return [String(raw)];
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function parsePositiveInteger(raw: string | undefined, fallback: number): number | undefined {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) && value >= 1 ? value : undefined;
}

function listError(code: string, message: string, data: unknown): ApiError {
  return { ErrorCode: code, Message: message, Data: data };
}
