import { validateModel } from '../../common/validation';
import { sdkConnectionString, StorageConnectionString } from './storage-connection-string';

class TableConnection {
  @StorageConnectionString('Table')
  ConnectionString: string;
}

const problemsOf = (ConnectionString: string) =>
  validateModel(TableConnection, { ConnectionString }, 'DeliveryTargets.AzureTable').problems.map((problem) => problem.message);

describe('StorageConnectionString', () => {
  it.each([
    'DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=a2V5==;EndpointSuffix=core.windows.net',
    'AccountName=shop;AccountKey=a2V5==;TableEndpoint=http://127.0.0.1:10002/shop',
    'TableEndpoint=https://shop.table.core.windows.net/;SharedAccessSignature=sv=2025&sig=abc',
    'UseDevelopmentStorage=true',
  ])('accepts %s', (connectionString) => {
    expect(problemsOf(connectionString)).toEqual([]);
  });

  it("refuses a SAS without the service's own endpoint, naming the key sets expected", () => {
    expect(problemsOf('BlobEndpoint=https://shop.blob.core.windows.net/;SharedAccessSignature=sv=2025&sig=abc')).toEqual([
      'DeliveryTargets.AzureTable.ConnectionString must be a connection string of Key=Value parts with AccountName + AccountKey, or TableEndpoint + SharedAccessSignature, or UseDevelopmentStorage.',
    ]);
  });
});

describe('sdkConnectionString', () => {
  it('spells the keys as the SDKs find them and fills in the protocol and suffix Azure lets one leave out', () => {
    expect(sdkConnectionString('accountname=shop; accountkey=a2V5==', 'Blob')).toEqual({
      connectionString: 'DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=a2V5==;EndpointSuffix=core.windows.net',
      overHttp: false,
    });
  });

  it("takes the protocol from the service's endpoint, and tells a plain-HTTP one", () => {
    expect(sdkConnectionString('AccountName=dev;AccountKey=a2V5==;TableEndpoint=http://127.0.0.1:10002/dev', 'Table')).toEqual({
      connectionString: 'DefaultEndpointsProtocol=http;AccountName=dev;AccountKey=a2V5==;TableEndpoint=http://127.0.0.1:10002/dev',
      overHttp: true,
    });
    expect(
      sdkConnectionString('DefaultEndpointsProtocol=http;AccountName=dev;AccountKey=a2V5==;EndpointSuffix=local', 'Blob').overHttp,
    ).toBe(true);
  });

  it('keeps a shared access signature as it is, with its endpoint', () => {
    expect(sdkConnectionString('BlobEndpoint=https://shop.blob.core.windows.net/;SharedAccessSignature=sv=2025&sig=abc=', 'Blob')).toEqual({
      connectionString: 'BlobEndpoint=https://shop.blob.core.windows.net/;SharedAccessSignature=sv=2025&sig=abc=',
      overHttp: false,
    });
  });

  it("hands the emulator's shorthand to the SDK, which knows its endpoints", () => {
    expect(sdkConnectionString('usedevelopmentstorage=TRUE', 'Table')).toEqual({
      connectionString: 'UseDevelopmentStorage=true',
      overHttp: true,
    });
  });
});
