import { validateModel } from '../common/validation';
import { AzureConnectionString, parseAzureConnectionString } from './azure-connection-string';
import { writeOnlyPropertiesOf } from './write-only.decorator';

class StorageConfig {
  @AzureConnectionString([['AccountName', 'AccountKey'], ['UseDevelopmentStorage']])
  ConnectionString: string;
}

const problemsOf = (ConnectionString: unknown) => validateModel(StorageConfig, { ConnectionString }, 'T').problems;

describe('parseAzureConnectionString', () => {
  it('reads Key=Value parts, keys case-insensitively, values with their own = signs', () => {
    const settings = parseAzureConnectionString('DefaultEndpointsProtocol=https; AccountName=shop;AccountKey=a2V5==;');
    expect([...settings]).toEqual([
      ['defaultendpointsprotocol', 'https'],
      ['accountname', 'shop'],
      ['accountkey', 'a2V5=='],
    ]);
  });

  it.each(['https://shop.blob.core.windows.net', 'AccountName=shop;key-alone', '=value'])('refuses %j', (text) => {
    expect(() => parseAzureConnectionString(text)).toThrow('every part of a connection string is Key=Value');
  });
});

describe('@AzureConnectionString', () => {
  it('is write-only', () => {
    expect(writeOnlyPropertiesOf(StorageConfig)).toEqual([{ name: 'ConnectionString', belongsTo: undefined }]);
  });

  it.each(['AccountName=shop;AccountKey=a2V5==', 'accountname=shop;accountkey=x', 'UseDevelopmentStorage=true'])('accepts %j', (text) => {
    expect(problemsOf(text)).toEqual([]);
  });

  it.each(['AccountName=shop', 'AccountName=shop;AccountKey=', 'https://shop.blob.core.windows.net/?sig=secret', 42, ''])(
    'refuses %j, naming the keys expected and not the value',
    (value) => {
      const [problem] = problemsOf(value);
      expect(problem.property).toBe('T.ConnectionString');
      expect(problem.message).not.toContain('secret');
      expect(
        problemsOf(value)
          .map((each) => each.message)
          .join(' '),
      ).toMatch(
        /must be a connection string of Key=Value parts with AccountName \+ AccountKey, or UseDevelopmentStorage|must be a string|must not be empty/,
      );
    },
  );
});
