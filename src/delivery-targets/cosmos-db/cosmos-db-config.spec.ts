import { validateModel } from '../../common/validation';
import { writeOnlyPropertiesOf } from '../write-only.decorator';
import { cosmosDbAccountOf, CosmosDbConfig } from './cosmos-db-config';

const CONNECTION_STRING = 'AccountEndpoint=https://shop.documents.azure.com:443/;AccountKey=c2VjcmV0LWtleQ==;';
const problemsOf = (config: object) => validateModel(CosmosDbConfig, config, 'DeliveryTargets.CosmosDb').problems;

describe('CosmosDbConfig', () => {
  it("is OrderCloud's model: ConnectionString required and write-only, OverrideDatabaseName optional", () => {
    expect(writeOnlyPropertiesOf(CosmosDbConfig)).toEqual([{ name: 'ConnectionString', belongsTo: undefined }]);
    expect(problemsOf({ ConnectionString: CONNECTION_STRING })).toEqual([]);
    expect(problemsOf({ ConnectionString: CONNECTION_STRING, OverrideDatabaseName: 'Shop Events-2026' })).toEqual([]);
    expect(problemsOf({})).toEqual([
      { property: 'DeliveryTargets.CosmosDb.ConnectionString', message: 'DeliveryTargets.CosmosDb.ConnectionString is required.' },
    ]);
  });

  it('reads the endpoint and key from the connection string', () => {
    expect(cosmosDbAccountOf(CONNECTION_STRING)).toEqual({ endpoint: 'https://shop.documents.azure.com:443/', key: 'c2VjcmV0LWtleQ==' });
  });

  it.each([
    [
      'AccountEndpoint=https://shop.documents.azure.com:443/',
      'must be a connection string of Key=Value parts with AccountEndpoint + AccountKey',
    ],
    [
      'https://shop.documents.azure.com:443/?key=c2VjcmV0LWtleQ==',
      'must be a connection string of Key=Value parts with AccountEndpoint + AccountKey',
    ],
    [
      'AccountEndpoint=shop.documents.azure.com;AccountKey=c2VjcmV0LWtleQ==',
      'must have an AccountEndpoint that is an absolute http or https URL',
    ],
    [
      'AccountEndpoint=ftp://shop.documents.azure.com/;AccountKey=c2VjcmV0LWtleQ==',
      'must have an AccountEndpoint that is an absolute http or https URL',
    ],
  ])('refuses the connection string %j without showing it', (ConnectionString, message) => {
    const problems = problemsOf({ ConnectionString });
    expect(problems).toEqual([
      { property: 'DeliveryTargets.CosmosDb.ConnectionString', message: `DeliveryTargets.CosmosDb.ConnectionString ${message}.` },
    ]);
    expect(JSON.stringify(problems)).not.toContain('c2VjcmV0LWtleQ');
  });

  it.each([
    ['', 'must not be empty'],
    ['a'.repeat(256), 'must be at most 255 characters long'],
    ['shop/events', 'cannot contain /, \\, # or ? nor end with a space'],
    ['shop\\events', 'cannot contain /, \\, # or ? nor end with a space'],
    ['shop#1', 'cannot contain /, \\, # or ? nor end with a space'],
    ['shop?', 'cannot contain /, \\, # or ? nor end with a space'],
    ['shop ', 'cannot contain /, \\, # or ? nor end with a space'],
    [42, 'must be a string'],
  ])('refuses the OverrideDatabaseName %j', (OverrideDatabaseName, message) => {
    expect(problemsOf({ ConnectionString: CONNECTION_STRING, OverrideDatabaseName })).toEqual([
      { property: 'DeliveryTargets.CosmosDb.OverrideDatabaseName', message: `DeliveryTargets.CosmosDb.OverrideDatabaseName ${message}.` },
    ]);
  });

  it('takes a database name of 255 characters', () => {
    expect(problemsOf({ ConnectionString: CONNECTION_STRING, OverrideDatabaseName: 'a'.repeat(255) })).toEqual([]);
  });
});
