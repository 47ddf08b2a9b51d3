import { ApiErrorException } from '../errors';
import type { ListDefinition } from './list-definition';
import { parseListQuery, parseTerm, toLikePattern } from './list-query.parser';

const definition: ListDefinition = {
  fields: {
    ID: { property: 'id', type: 'string', searchable: true, sortable: true },
    Name: { property: 'name', type: 'string', searchable: true, sortable: true },
    ClientID: { property: 'clientId', type: 'string' },
    Enabled: { property: 'enabled', type: 'boolean' },
    Attempt: { property: 'attempt', type: 'number' },
    FailedAt: { property: 'failedAt', type: 'date' },
  },
};

function errorCodesOf(query: Record<string, unknown>): string[] {
  try {
    parseListQuery(query, definition);
  } catch (error) {
    if (error instanceof ApiErrorException) return error.errors.map((e) => e.ErrorCode);
    throw error;
  }
  throw new Error('expected the query to be refused');
}

describe('parseListQuery', () => {
  it('defaults to the first page of 20, sorted by nothing in particular', () => {
    expect(parseListQuery({}, definition)).toEqual({ page: 1, pageSize: 20, search: undefined, sort: [], filters: [] });
  });

  it('reads paging, search, sort and filters, with parameter and field names in any case', () => {
    const query = parseListQuery(
      { Page: '3', pagesize: '100', search: ' shop ', searchOn: 'name', sortBy: '!Name,id', clientid: 'storefront|admin*' },
      definition,
    );
    expect(query.page).toBe(3);
    expect(query.pageSize).toBe(100);
    expect(query.search).toEqual({ text: 'shop', fields: ['Name'] });
    expect(query.sort).toEqual([
      { field: 'Name', descending: true },
      { field: 'ID', descending: false },
    ]);
    expect(query.filters).toEqual([
      {
        field: 'ClientID',
        terms: [
          { negate: false, operator: '=', value: 'storefront' },
          { negate: false, operator: 'like', value: 'admin%' },
        ],
      },
    ]);
  });

  it('searches every searchable field when searchOn is not given', () => {
    expect(parseListQuery({ search: 'x' }, definition).search).toEqual({ text: 'x', fields: ['ID', 'Name'] });
  });

  it('makes a repeated filter parameter an AND of its values', () => {
    const query = parseListQuery({ ID: ['a*', '!ab'] }, definition);
    expect(query.filters.map((filter) => filter.terms[0])).toEqual([
      { negate: false, operator: 'like', value: 'a%' },
      { negate: true, operator: '=', value: 'ab' },
    ]);
  });

  it.each([
    [{ pageSize: '0' }, 'List.InvalidPageSize'],
    [{ pageSize: '101' }, 'List.InvalidPageSize'],
    [{ pageSize: 'ten' }, 'List.InvalidPageSize'],
    [{ pageSize: '2.5' }, 'List.InvalidPageSize'],
    [{ page: '0' }, 'List.InvalidPage'],
    [{ page: '-1' }, 'List.InvalidPage'],
    [{ sortBy: 'ClientID' }, 'List.InvalidSortProperty'],
    [{ searchOn: 'ClientID', search: 'x' }, 'List.InvalidSearchProperty'],
    [{ Color: 'red' }, 'List.InvalidProperty'],
    [{ Enabled: 'yes' }, 'List.InvalidType'],
    [{ Enabled: '>true' }, 'List.InvalidType'],
    [{ Attempt: 'first' }, 'List.InvalidType'],
    [{ FailedAt: 'yesterday' }, 'List.InvalidType'],
    [{ FailedAt: '2026-13-45' }, 'List.InvalidType'],
  ])('refuses %j with %s', (query, code) => {
    expect(errorCodesOf(query)).toEqual([code]);
  });

  it('reports every problem of a request at once', () => {
    expect(errorCodesOf({ pageSize: '500', sortBy: 'Color', Shape: 'x' })).toEqual([
      'List.InvalidPageSize',
      'List.InvalidSortProperty',
      'List.InvalidProperty',
    ]);
  });
});

describe('parseTerm', () => {
  const text = definition.fields.Name;
  it.each([
    ['abc', { negate: false, operator: '=', value: 'abc' }],
    ['!abc', { negate: true, operator: '=', value: 'abc' }],
    ['*', { negate: false, operator: 'exists', value: null }],
    ['!*', { negate: true, operator: 'exists', value: null }],
    ['>m', { negate: false, operator: '>', value: 'm' }],
    ['!<=m', { negate: true, operator: '<=', value: 'm' }],
    ['*mid*', { negate: false, operator: 'like', value: '%mid%' }],
  ])('reads %s', (raw, term) => {
    expect(parseTerm(raw, text)).toEqual(term);
  });

  it('reads numbers and dates, with or without a comparison', () => {
    expect(parseTerm('>=3', definition.fields.Attempt)).toEqual({ negate: false, operator: '>=', value: 3 });
    expect(parseTerm('2', definition.fields.Attempt)).toEqual({ negate: false, operator: '=', value: 2 });
    expect(parseTerm('>2026-11-27T10:00:00Z', definition.fields.FailedAt)).toEqual({
      negate: false,
      operator: '>',
      value: new Date('2026-11-27T10:00:00Z'),
    });
  });

  it('reads integers in SQL INTEGER range only, and decimals for a number field', () => {
    const integer = { property: 'attempt', type: 'integer' } as const;
    expect(parseTerm('<2147483647', integer)).toEqual({ negate: false, operator: '<', value: 2147483647 });
    expect(parseTerm('-2147483648', integer)).toEqual({ negate: false, operator: '=', value: -2147483648 });
    expect(parseTerm('3.0', integer)).toEqual({ negate: false, operator: '=', value: 3 });
    for (const raw of ['2147483648', '>-2147483649', '1.5', '99999999999999999999']) expect(parseTerm(raw, integer)).toBeUndefined();
    expect(parseTerm('1.5', definition.fields.Attempt)).toEqual({ negate: false, operator: '=', value: 1.5 });
    expect(() =>
      parseListQuery({ HttpStatus: '99999999999' }, { fields: { HttpStatus: { property: 'httpStatus', type: 'integer' } } }),
    ).toThrow(
      expect.objectContaining({
        errors: [
          expect.objectContaining({ ErrorCode: 'List.InvalidType', Message: '99999999999 is not a valid value for HttpStatus (integer).' }),
        ],
      }),
    );
  });

  it('reads booleans in any case', () => {
    expect(parseTerm('TRUE', definition.fields.Enabled)).toEqual({ negate: false, operator: '=', value: true });
    expect(parseTerm('!false', definition.fields.Enabled)).toEqual({ negate: true, operator: '=', value: false });
  });
});

describe('toLikePattern', () => {
  it('escapes the LIKE metacharacters that are part of the value', () => {
    expect(toLikePattern('50%_off\\*')).toBe('50\\%\\_off\\\\%');
  });
});
