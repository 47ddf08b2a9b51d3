// A small Azure Event Hubs stand-in on AMQP 1.0 (rhea), for the EventHub target's tests: what
// @azure/event-hubs needs to publish, with a connection string of `UseDevelopmentEmulator=true`
// (plain AMQP to the endpoint's host and port). It checks the SAS tokens the client puts on `$cbs`
// against its key, answers the `$management` reads, takes sender links to the hub and its
// partitions, and records every event it receives. No consumer side: the tests read the record.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Server, Socket } from 'node:net';
import { create_container, message as amqpMessage, type Connection, type EventContext, type Receiver } from 'rhea';
import { freePort } from './private-servers';

/** How the client marks a transfer that holds a batch of encoded events (Event Hubs' batch format). */
const BATCH_MESSAGE_FORMAT = 0x80013700;
const DATA_SECTION = 0x75;
/** What the service takes in one transfer (Standard tier), announced on each sender link. */
const MAX_MESSAGE_SIZE = 1024 * 1024;

/** One event as the broker received it. */
export interface ReceivedEvent {
  /** The link it came on: the hub, or `<hub>/Partitions/<n>`. */
  address: string;
  /** Accepted (stored), or rejected by `rejectNextTransfers`. */
  outcome: 'accepted' | 'rejected';
  partitionId: string;
  /** Its position in the partition, for accepted events. */
  sequenceNumber?: number;
  partitionKey?: string;
  messageId?: string;
  contentType?: string;
  properties: Record<string, unknown>;
  /** The body, parsed as JSON. */
  body: unknown;
}

export interface EventHubBrokerOptions {
  hubName: string;
  keyName: string;
  key: string;
  partitionCount?: number;
}

/** The fields of a decoded AMQP message the broker reads. */
interface AmqpEvent {
  body?: unknown;
  message_id?: string | number | Buffer;
  content_type?: string;
  application_properties?: Record<string, unknown>;
  message_annotations?: Record<string, unknown>;
}

interface AmqpRequest {
  message_id?: string | number;
  reply_to?: string;
  body?: unknown;
  application_properties?: Record<string, unknown>;
}

export class EventHubBroker {
  readonly received: ReceivedEvent[] = [];
  private readonly container = create_container({ id: 'event-hub-broker', autoaccept: false });
  private readonly partitionIds: string[];
  private readonly createdAt = new Date();
  /** The entity paths (`hub`, `hub/Partitions/0`, `hub/$management`) each connection holds a valid token for. */
  private readonly authorized = new WeakMap<Connection, Set<string>>();
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  private rejections: { count: number; condition: string; description: string } = { count: 0, condition: '', description: '' };

  private constructor(
    private readonly options: Required<EventHubBrokerOptions>,
    readonly port: number,
  ) {
    this.partitionIds = Array.from({ length: options.partitionCount }, (_, index) => String(index));
    this.container.on('receiver_open', (context: EventContext) => this.onLinkFromClient(context));
    this.container.on('message', (context: EventContext) => this.onTransfer(context));
    // A client that goes away, or a socket `stop()` ends, is not the broker's failure: no warning.
    this.container.on('error', () => undefined);
    this.container.on('disconnected', () => undefined);
  }

  /** Starts a broker on a free loopback port. */
  static async start(options: EventHubBrokerOptions): Promise<EventHubBroker> {
    const broker = new EventHubBroker({ partitionCount: 2, ...options }, await freePort());
    await broker.listen();
    return broker;
  }

  /** A connection string for the broker, with its key unless another is given (to be refused). */
  connectionString(key = this.options.key): string {
    return [
      `Endpoint=sb://127.0.0.1:${this.port}/`,
      `SharedAccessKeyName=${this.options.keyName}`,
      `SharedAccessKey=${key}`,
      'UseDevelopmentEmulator=true',
    ].join(';');
  }

  /** The accepted events, in the order they were stored. */
  get stored(): ReceivedEvent[] {
    return this.received.filter((event) => event.outcome === 'accepted');
  }

  /** Rejects the next `count` event transfers with an AMQP error, as a busy or failing service does. */
  rejectNextTransfers(
    count: number,
    condition = 'com.microsoft:server-busy',
    description = 'The server is busy. Please try again later.',
  ): void {
    this.rejections = { count, condition, description };
  }

  /** Stops listening and drops every connection; the record stays, for `restart()`. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    // With an error: rhea hears of a socket's end through 'error' or 'end' only, and stops its heartbeats then.
    for (const socket of this.sockets) socket.destroy(new Error('The broker stopped'));
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port, with the events received so far. */
  restart(): Promise<void> {
    return this.listen();
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = this.container.listen({ port: this.port, host: '127.0.0.1' });
      server.on('connection', (socket: Socket) => {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
      });
      server.once('error', reject);
      server.once('listening', () => {
        this.server = server;
        resolve();
      });
    });
  }

  /** The client attached a sender link: to `$cbs`, `$management`, or an entity it must hold a token for. */
  private onLinkFromClient({ receiver, connection }: EventContext): void {
    const link = receiver!;
    const address = String(link.target?.address ?? '');
    announceMaxMessageSize(link);
    if (address === '$cbs' || address === '$management') return;
    const [hub, partitions, partitionId, ...rest] = address.split('/');
    const isPartition = partitions === 'Partitions' && this.partitionIds.includes(partitionId) && rest.length === 0;
    if (hub !== this.options.hubName || (partitions !== undefined && !isPartition)) {
      link.close({ condition: 'amqp:not-found', description: `The messaging entity '${address}' could not be found.` });
    } else if (!this.isAuthorized(connection, address)) {
      link.close({ condition: 'amqp:unauthorized-access', description: `Unauthorized access to '${address}': put a token on $cbs first.` });
    }
  }

  private onTransfer(context: EventContext): void {
    const address = String(context.receiver?.target?.address ?? '');
    if (address === '$cbs') this.answer(context, this.putToken(context.message as AmqpRequest, context.connection));
    else if (address === '$management') this.answer(context, this.managementRead(context.message as AmqpRequest));
    else this.receiveEvents(context, address);
  }

  /** Checks a SAS token as the service does: the key name, the HMAC of `<resource>\n<expiry>` with the key, the expiry. */
  private putToken(request: AmqpRequest, connection: Connection): { status: number; description: string } {
    const audience = String(request.application_properties?.name ?? '');
    const fields = new URLSearchParams(String(request.body ?? '').replace(/^SharedAccessSignature /, ''));
    const [resource, signature, expiry, keyName] = ['sr', 'sig', 'se', 'skn'].map((field) => fields.get(field) ?? '');
    const expected = createHmac('sha256', this.options.key)
      .update(`${encodeURIComponent(resource)}\n${expiry}`)
      .digest();
    const given = Buffer.from(signature, 'base64');
    if (keyName !== this.options.keyName || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { status: 401, description: 'InvalidSignature: The token has an invalid signature.' };
    }
    if (Number(expiry) * 1000 < Date.now()) return { status: 401, description: 'ExpiredToken: The token is expired.' };
    if (!audience.startsWith(resource)) return { status: 401, description: 'InvalidAudience: The token is not for this resource.' };
    const entityPath = new URL(audience).pathname.replace(/^\//, '');
    const paths = this.authorized.get(connection) ?? new Set<string>();
    this.authorized.set(connection, paths.add(entityPath));
    return { status: 202, description: 'Accepted' };
  }

  /** `READ` of the hub (`com.microsoft:eventhub`) or of one partition (`com.microsoft:partition`). */
  private managementRead(request: AmqpRequest): { status: number; description: string; body?: Record<string, unknown> } {
    const { operation, name, type, partition } = request.application_properties ?? {};
    if (operation !== 'READ') return { status: 400, description: `The operation '${String(operation)}' is not supported.` };
    if (name !== this.options.hubName) return { status: 404, description: `The messaging entity '${String(name)}' could not be found.` };
    if (type === 'com.microsoft:eventhub') {
      const body = { name, created_at: this.createdAt, partition_count: this.partitionIds.length, partition_ids: this.partitionIds };
      return { status: 200, description: 'OK', body };
    }
    if (type === 'com.microsoft:partition' && this.partitionIds.includes(String(partition))) {
      const events = this.stored.filter((event) => event.partitionId === String(partition));
      const last = events.length - 1;
      const body = {
        name,
        partition: String(partition),
        begin_sequence_number: 0,
        last_enqueued_sequence_number: last,
        last_enqueued_offset: String(last),
        last_enqueued_time_utc: new Date(),
        is_partition_empty: events.length === 0,
      };
      return { status: 200, description: 'OK', body };
    }
    return { status: 404, description: `The messaging entity '${String(name)}/${String(partition)}' could not be found.` };
  }

  /** Answers a `$cbs` or `$management` request on the client's link named by its reply-to. */
  private answer({ connection, delivery, message }: EventContext, response: { status: number; description: string; body?: unknown }): void {
    delivery!.accept();
    const request = message as AmqpRequest;
    const replyLink = connection.find_sender((sender: { name: string }) => sender.name === request.reply_to);
    replyLink?.send({
      correlation_id: request.message_id,
      application_properties: { 'status-code': response.status, 'status-description': response.description },
      body: response.body,
    });
  }

  private receiveEvents({ delivery, message }: EventContext, address: string): void {
    const events = decodeTransfer(message, (delivery as unknown as { format: number }).format);
    const rejected = this.rejections.count > 0;
    for (const event of events) {
      const partitionKey = event.message_annotations?.['x-opt-partition-key'] as string | undefined;
      const partitionId = partitionOf(address, partitionKey, this.partitionIds);
      const sequenceNumber = rejected ? undefined : this.stored.filter((stored) => stored.partitionId === partitionId).length;
      this.received.push({
        address,
        outcome: rejected ? 'rejected' : 'accepted',
        partitionId,
        sequenceNumber,
        partitionKey,
        messageId: event.message_id === undefined ? undefined : String(event.message_id),
        contentType: event.content_type,
        properties: { ...event.application_properties },
        body: JSON.parse(dataOf(event).toString('utf8')),
      });
    }
    if (rejected) {
      this.rejections.count--;
      delivery!.reject({ condition: this.rejections.condition, description: this.rejections.description });
    } else {
      delivery!.accept();
    }
  }

  private isAuthorized(connection: Connection, address: string): boolean {
    const paths = this.authorized.get(connection);
    return Boolean(paths && (paths.has(address) || paths.has(address.split('/')[0])));
  }
}

/**
 * Sets the link's max-message-size, which the client reads as the size of a batch. A link the peer
 * opened takes no options: the broker writes it into the attach it answers with (sent after this event).
 */
function announceMaxMessageSize(link: Receiver): void {
  (link as unknown as { local: { attach: { max_message_size: number } } }).local.attach.max_message_size = MAX_MESSAGE_SIZE;
}

/** The events of one transfer: a batch (one encoded event per data section) or a single message. */
function decodeTransfer(transfer: unknown, format: number): AmqpEvent[] {
  if (format !== BATCH_MESSAGE_FORMAT) return [transfer as AmqpEvent];
  const envelope = amqpMessage.decode(transfer as Buffer);
  const sections: Buffer[] = envelope.body.multiple ? envelope.body.content : [envelope.body.content];
  return sections.map((section) => amqpMessage.decode(section) as AmqpEvent);
}

function dataOf(event: AmqpEvent): Buffer {
  const body = event.body as { typecode?: number; content?: Buffer } | Buffer;
  if (Buffer.isBuffer(body)) return body;
  if (body?.typecode === DATA_SECTION && Buffer.isBuffer(body.content)) return body.content;
  return Buffer.from(JSON.stringify(body ?? null));
}

/**
 * The partition an event lands on: the link's, or one chosen by its partition key (the same key,
 * the same partition; not the service's own hash), or the first.
 */
function partitionOf(address: string, partitionKey: string | undefined, partitionIds: string[]): string {
  const [, , linkPartition] = address.split('/');
  if (linkPartition !== undefined) return linkPartition;
  if (partitionKey === undefined) return partitionIds[0];
  return partitionIds[createHash('sha256').update(partitionKey).digest().readUInt32BE(0) % partitionIds.length];
}
