import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { DeliveryConfigurations } from 'ordercloud-javascript-sdk';
import { startLoopbackReceiver, type LoopbackReceiver } from '../../src/delivery-targets/loopback-receiver.fixtures';
import { sdkFailure } from '../support/ordercloud-error';
import { loginAsAdmin, type RunningSampleApp, startSampleApp, useSdkAgainst } from '../support/sample-app-harness';
import { attemptsOf, configureDeliveryTo, deadLetterFor, runShopperJourney } from '../support/target-journey';
import { TEST_DATABASES } from '../support/test-databases';
import { waitFor } from '../support/wait-for';

/**
 * A name other than `localhost` that resolves to a loopback address: the machine's own name, or one of
 * /etc/hosts (Debian maps the host name to 127.0.1.1 and ip6-localhost to ::1). What a DNS record
 * pointed at an internal address looks like to the target.
 */
async function nameResolvingToLoopback(): Promise<string> {
  const hostsFile = readFileSync('/etc/hosts', 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim().split(/\s+/))
    .filter(([address]) => address?.startsWith('127.') || address === '::1')
    .flatMap(([, ...names]) => names);
  for (const name of [hostname(), ...hostsFile]) {
    if (!name || /^(localhost|.*\.localhost)$/i.test(name)) continue;
    const addresses = await lookup(name, { all: true }).catch(() => []);
    if (addresses.length > 0 && addresses.every(({ address }) => address.startsWith('127.') || address === '::1')) return name;
  }
  throw new Error('This machine has no name other than localhost that resolves to a loopback address: add one to /etc/hosts.');
}

/** The network policy of a production deployment: no target reaches metadata, loopback or private addresses. */
describe.each(TEST_DATABASES)('Network policy for targets ($name)', (database) => {
  let running: RunningSampleApp;
  let receiver: LoopbackReceiver;

  beforeAll(async () => {
    receiver = await startLoopbackReceiver();
    running = await startSampleApp(database, { allowPrivateTargets: false, echoResponseBodies: false });
    useSdkAgainst(running);
    await loginAsAdmin();
  });

  afterAll(async () => {
    await running?.close();
    await receiver?.close();
  });

  it.each([
    [
      'Http',
      { Endpoint: 'http://169.254.169.254/latest/meta-data/iam', Secret: 's' },
      'Endpoint',
      /is a link-local address \(where cloud metadata services answer\)/,
    ],
    ['Http', { Endpoint: 'http://metadata.google.internal/computeMetadata/v1/', Secret: 's' }, 'Endpoint', /is a cloud metadata service/],
    ['Http', { Endpoint: 'http://[::ffff:a9fe:a9fe]/', Secret: 's' }, 'Endpoint', /169\.254\.169\.254 is a link-local address/],
    ['Http', { Endpoint: 'http://[::1]:8080/hooks', Secret: 's' }, 'Endpoint', /::1 is a loopback address/],
    [
      'DiscoverEvent',
      { ClientID: 'ck', ApiKey: 'k', ServiceEndpoint: 'http://10.0.0.8' },
      'ServiceEndpoint',
      /10\.0\.0\.8 is a private address/,
    ],
    [
      'Kafka',
      { BootstrapServers: 'b1.example.com:9092,127.0.0.1:9092', Topic: 't', SaslUsername: 'u', SaslPassword: 'p' },
      'BootstrapServers',
      /127\.0\.0\.1 is a loopback address/,
    ],
    ['AzureBlob', { ConnectionString: 'UseDevelopmentStorage=true' }, 'ConnectionString', /127\.0\.0\.1 is a loopback address/],
    [
      'CosmosDb',
      { ConnectionString: 'AccountEndpoint=https://localhost:8081/;AccountKey=a2V5' },
      'ConnectionString',
      /localhost is a loopback name/,
    ],
  ])('refuses to save a %s target at %j, naming the property, and stores nothing', async (type, target, property, reason) => {
    const id = `refused-${type.toLowerCase()}`;
    const failure = await sdkFailure(DeliveryConfigurations.Create({ ID: id, Name: id, DeliveryTargets: { [type]: target } as never }));
    expect(failure.status).toBe(400);
    expect(failure.errors).toEqual([
      {
        ErrorCode: 'ValidationFailure',
        Message: expect.stringMatching(reason),
        Data: { Property: `DeliveryTargets.${type}.${property}` },
      },
    ]);
    expect(failure.errors[0].Message).toMatch(new RegExp(`^DeliveryTargets\\.${type}\\.${property} is refused: `));
    // A secret of the refused config is never repeated.
    expect(JSON.stringify(failure.errors)).not.toMatch(/a2V5|"s"|SaslPassword.*p"/);
    expect((await sdkFailure(DeliveryConfigurations.Get(id))).status).toBe(404);
  });

  it('refuses for good, without connecting, a name that resolves to loopback when the target connects', async () => {
    const name = await nameResolvingToLoopback();
    const endpoint = `http://${name}:${new URL(receiver.origin).port}/hooks`;
    await configureDeliveryTo(running, 'rebound', { Http: { Endpoint: endpoint, Secret: 'signing-secret' } });

    const { orderId } = await runShopperJourney();

    const letter = await deadLetterFor(running, 'Http', orderId);
    expect(letter.LastError).toBe(
      `POST http://${name.toLowerCase()}:${new URL(receiver.origin).port}/hooks refused: ${name.toLowerCase()} resolves to a loopback address, ` +
        "which this server's network policy does not allow (networkPolicy.allowPrivateNetworks)",
    );
    // One attempt: no retry changes where a name leads.
    expect(letter.Attempts).toHaveLength(1);
    await waitFor('the failed attempts in the delivery log', async () => (await attemptsOf(running, 'rebound', 'Failed')).length > 0);
    expect(await attemptsOf(running, 'rebound', 'Retrying')).toEqual([]);
    expect(receiver.received).toEqual([]);
  });
});
