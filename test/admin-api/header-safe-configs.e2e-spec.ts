import { DeliveryConfigurations } from 'ordercloud-javascript-sdk';
import { DataSource } from 'typeorm';
import { DeliveryConfigEntity } from '../../src';
import { sdkFailure } from '../support/ordercloud-error';
import { loginAsAdmin, RunningSampleApp, startSampleApp, useSdkAgainst } from '../support/sample-app-harness';
import { TEST_DATABASES } from '../support/test-databases';

const INJECTED = 'key-one\r\nX-Injected: yes';
const HEADER_VALUE_MESSAGE =
  'must be a valid HTTP header value: visible ASCII characters, with spaces or tabs only between them (no line breaks or control characters).';

describe.each(TEST_DATABASES)('Header values of delivery configs ($name)', (database) => {
  let running: RunningSampleApp;
  const row = (id: string) => running.app.get(DataSource).getRepository(DeliveryConfigEntity).findOneBy({ id });

  beforeAll(async () => {
    running = await startSampleApp(database);
    useSdkAgainst(running);
    await loginAsAdmin();
  });

  afterAll(async () => {
    await running?.close();
  });

  it.each([
    [
      'Http.CustomAuthHeaderValue',
      { Http: { Endpoint: 'https://hooks.example.com/a', Secret: 's', CustomAuthHeaderName: 'x-key', CustomAuthHeaderValue: INJECTED } },
    ],
    ['DiscoverEvent.ApiKey', { DiscoverEvent: { ClientID: 'c1', ApiKey: INJECTED, ServiceEndpoint: 'https://discover.example.com' } }],
  ])('refuses a %s with CR/LF at create, naming it without echoing it, and stores nothing', async (field, DeliveryTargets) => {
    const ID = `crlf-${field.replace('.', '-')}`;
    const failure = await sdkFailure(DeliveryConfigurations.Create({ ID, Name: 'x', DeliveryTargets: DeliveryTargets as never }));
    expect(failure.status).toBe(400);
    expect(failure.errors).toEqual([
      {
        ErrorCode: 'ValidationFailure',
        Message: `DeliveryTargets.${field} ${HEADER_VALUE_MESSAGE}`,
        Data: { Property: `DeliveryTargets.${field}` },
      },
    ]);
    expect(JSON.stringify(failure.errors)).not.toContain('key-one');
    expect(await row(ID)).toBeNull();
  });

  it('refuses a PATCH that puts a control character into a stored header value, and keeps the config as it was', async () => {
    await DeliveryConfigurations.Create({
      ID: 'header-patch',
      Name: 'x',
      DeliveryTargets: {
        Http: { Endpoint: 'https://hooks.example.com/a', Secret: 's', CustomAuthHeaderName: 'x-key', CustomAuthHeaderValue: 'good' },
      },
    });
    const before = await row('header-patch');
    const failure = await sdkFailure(
      DeliveryConfigurations.Patch('header-patch', { DeliveryTargets: { Http: { CustomAuthHeaderValue: 'bad\u0007value' } } }),
    );
    expect(failure.status).toBe(400);
    expect(failure.errors).toContainEqual({
      ErrorCode: 'ValidationFailure',
      Message: `DeliveryTargets.Http.CustomAuthHeaderValue ${HEADER_VALUE_MESSAGE}`,
      Data: { Property: 'DeliveryTargets.Http.CustomAuthHeaderValue' },
    });
    expect(await row('header-patch')).toEqual(before);
  });

  it('refuses a PUT whose DiscoverEvent ApiKey ends in a line break', async () => {
    const failure = await sdkFailure(
      DeliveryConfigurations.Save('header-put', {
        Name: 'x',
        DeliveryTargets: {
          DiscoverEvent: { ClientID: 'c1', ApiKey: 'key-one\n', ServiceEndpoint: 'https://discover.example.com' },
        } as never,
      }),
    );
    expect(failure.status).toBe(400);
    expect(failure.errors).toEqual([
      {
        ErrorCode: 'ValidationFailure',
        Message: `DeliveryTargets.DiscoverEvent.ApiKey ${HEADER_VALUE_MESSAGE}`,
        Data: { Property: 'DeliveryTargets.DiscoverEvent.ApiKey' },
      },
    ]);
    expect(await row('header-put')).toBeNull();
  });
});
