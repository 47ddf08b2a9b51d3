import { fc, test } from '@fast-check/jest';
import { DataSource } from 'typeorm';
import { DeadLetterEntity } from '../../operations/dead-letters/dead-letter.entity';
import { fitToColumn, fitToColumns } from './fit-to-column';

describe('fitToColumn / fitToColumns', () => {
  let dataSource: DataSource;
  const column = (property: string) => dataSource.getMetadata(DeadLetterEntity).findColumnWithPropertyName(property)!;

  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [DeadLetterEntity] }).initialize();
  });

  afterAll(() => dataSource.destroy());

  it('replaces the NUL character and cuts at the column length, leaving other values as they are', () => {
    expect(fitToColumn('a\u0000b\u0000', column('orderId'))).toBe('a\uFFFDb\uFFFD');
    expect(fitToColumn('x'.repeat(101), column('orderId'))).toBe('x'.repeat(100));
    expect(fitToColumn('x'.repeat(100), column('orderId'))).toBe('x'.repeat(100));
    expect(fitToColumn(null, column('orderId'))).toBeNull();
    const message = { ID: 'a\u0000' };
    expect(fitToColumn(message, column('message'))).toBe(message);
  });

  it('never cuts between the halves of a surrogate pair', () => {
    expect(fitToColumn(`${'x'.repeat(99)}😀`, column('orderId'))).toBe('x'.repeat(99));
    expect(fitToColumn(`${'x'.repeat(98)}😀z`, column('orderId'))).toBe(`${'x'.repeat(98)}😀`);
  });

  test.prop([fc.string({ unit: 'binary', maxLength: 300 })])(
    'any string fits: at most the length, no NUL, no half character at the end',
    (value) => {
      const fitted = fitToColumn(value, column('orderId')) as string;
      expect(fitted.length).toBeLessThanOrEqual(100);
      expect(fitted.includes('\u0000')).toBe(false);
      expect(value.replaceAll('\u0000', '\uFFFD').startsWith(fitted)).toBe(true);
      if (fitted.length < Math.min(value.length, 100)) expect(fitted.length).toBe(99);
    },
  );

  it('fits every column of a row, in a copy', () => {
    const row = { deliveryId: 'd1', orderId: 'o\u0000'.repeat(60), lastError: 'e'.repeat(1200), attempts: [] };
    const fitted = fitToColumns(dataSource.getMetadata(DeadLetterEntity), row);
    expect(fitted).toEqual({ deliveryId: 'd1', orderId: 'o\uFFFD'.repeat(50), lastError: 'e'.repeat(1000), attempts: [] });
    expect(row.orderId).toBe('o\u0000'.repeat(60));
  });
});
