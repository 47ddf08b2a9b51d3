import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { TargetAddressRefusedError, TargetNetworkPolicy } from '../network-policy';
import { policedSocketFactory } from './kafka-socket-factory';

const rules = { allowedHosts: [], echoResponseBodies: false };

describe('policedSocketFactory', () => {
  let server: Server;
  let connections = 0;
  let port: number;

  beforeEach(async () => {
    connections = 0;
    server = createServer((socket) => {
      connections++;
      socket.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(() => new Promise((resolve) => server.close(resolve)));

  function open(policy: TargetNetworkPolicy, host: string): Promise<'connected' | Error> {
    return new Promise((resolve) => {
      let socket: Socket | undefined = undefined;
      socket = policedSocketFactory(policy)({
        host,
        port,
        ssl: false as never,
        onConnect: () => (socket?.destroy(), resolve('connected')),
      });
      socket.on('error', resolve);
    });
  }

  it.each(['127.0.0.1', 'localhost'])('refuses the broker %s before connecting when private networks are not allowed', async (host) => {
    const outcome = await open(new TargetNetworkPolicy({ ...rules, allowPrivateNetworks: false }), host);
    expect(outcome).toBeInstanceOf(TargetAddressRefusedError);
    expect(connections).toBe(0);
  });

  it('connects to an allowed broker, through the policy', async () => {
    expect(await open(new TargetNetworkPolicy({ ...rules, allowPrivateNetworks: true }), 'localhost')).toBe('connected');
  });
});
