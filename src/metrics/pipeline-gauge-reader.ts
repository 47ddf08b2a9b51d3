/** Jobs of one target type's queue, by state. */
export interface QueueDepth {
  targetType: string;
  /** Waiting to be taken (prioritized ones included). */
  waiting: number;
  /** Waiting for their time: retries, and deliveries of paused targets. */
  delayed: number;
  active: number;
}

/** Targets of one type paused by the circuit breaker, by state. */
export interface CircuitCount {
  targetType: string;
  paused: number;
  probing: number;
}

/** What the gauges show, read from Redis and the database when the metrics are scraped. */
export interface PipelineGaugeReader {
  queueDepths(): Promise<QueueDepth[]>;
  outboxRows(): Promise<number>;
  captureLagMs(): Promise<number>;
  circuitCounts(): Promise<CircuitCount[]>;
}

/** The provider of the PipelineGaugeReader (the operations' readings). */
export const PIPELINE_GAUGE_READER = Symbol('PIPELINE_GAUGE_READER');
