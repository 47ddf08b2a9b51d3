import { innermostKafkaError } from './kafka-failure';
import type { KafkaRecord } from './kafka-record';

/** One produce call: records for one topic. */
export interface KafkaProduceCall {
  topic: string;
  messages: KafkaRecord[];
  acks: number;
  timeout: number;
}

/** What the client uses of a kafkajs producer (its own shape, so that the library's types do not need kafkajs). */
export interface KafkaJsProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  send(call: KafkaProduceCall): Promise<unknown>;
}

/**
 * A kafkajs producer that starts over after a failure of its connection. kafkajs can leave a
 * producer unable to send for good ("Broker not connected") once its connection failed, even when
 * `connect()` resolved: each later produce call would fail while the broker is fine.
 */
export class KafkaProducerClient {
  private ready: Promise<void>;

  constructor(private readonly producer: KafkaJsProducer) {
    this.ready = this.connect();
  }

  /** Resolves once connected, or rejects with why not (the next `send` tries again). */
  connected(): Promise<void> {
    return this.ready;
  }

  async send(call: KafkaProduceCall): Promise<void> {
    const ready = this.ready;
    try {
      await ready;
      await this.producer.send(call);
    } catch (error) {
      if (this.ready === ready && !isBrokerAnswer(error)) this.ready = this.connect();
      throw error;
    }
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  private connect(): Promise<void> {
    const connecting = this.producer.disconnect().then(() => this.producer.connect());
    // Awaited by the next send; until then, a failure here is not an unhandled rejection.
    connecting.catch(() => undefined);
    return connecting;
  }
}

/** A broker's error answer (it carries the protocol's error type) came over a working connection. */
function isBrokerAnswer(error: unknown): boolean {
  return innermostKafkaError(error).type !== undefined;
}
