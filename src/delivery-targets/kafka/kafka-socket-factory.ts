import { connect as netConnect, isIP, Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { ISocketFactory } from 'kafkajs';
import type { TargetNetworkPolicy } from '../network-policy';

/** kafkajs's own keep-alive delay, kept. */
const KEEP_ALIVE_DELAY_MS = 60_000;

/**
 * kafkajs's socket factory with the network policy in it: a broker name is resolved through the
 * policy's lookup (at every connection, so a re-pointed name is refused), a literal address is checked
 * before connecting. Otherwise as kafkajs's default: TLS with the broker's name for SNI.
 */
export function policedSocketFactory(policy: TargetNetworkPolicy): ISocketFactory {
  return ({ host, port, ssl, onConnect }) => {
    const refusal = policy.connectionRefusalOf(host);
    if (refusal) {
      const socket = new Socket();
      process.nextTick(() => socket.destroy(refusal));
      return socket;
    }
    const socket = ssl
      ? tlsConnect(
          { host, port, lookup: policy.lookup, ...(isIP(host) ? {} : { servername: host }), ...(ssl as ConnectionOptions) },
          onConnect,
        )
      : netConnect({ host, port, lookup: policy.lookup }, onConnect);
    socket.setKeepAlive(true, KEEP_ALIVE_DELAY_MS);
    return socket;
  };
}
