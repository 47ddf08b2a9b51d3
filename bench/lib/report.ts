/** Progress on stdout while the benchmark runs. */
export function progress(message: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export interface ScenarioResult {
  name: string;
  /** Each row: what was measured, the system's figure, the baseline's, and their ratio. */
  rows: Array<{ metric: string; system: number | string; baseline: number | string; ratio?: number | string }>;
  goal?: string;
  met?: boolean;
  notes?: string;
  /** Readings over time (the soak's), for a look at their course. */
  readings?: Array<Record<string, number>>;
  /** The delivery scenarios' CPU cost per delivery, for the capacity model (docs/performance.md). */
  capacity?: Partial<Record<'system' | 'baseline', Capacity>> & {
    /** Delivery alone: the routed backlog's runs. */
    deliveryOnly?: Capacity;
    /** Routing (claims, routing, hydration, fan-out into batch jobs) alone, per event. */
    routingPerEvent?: { workerCpuMs: number; redisCpuMs: number };
    /** Capture in the API process, per event (scenario 1: tracking on minus off, per request). */
    capturePerEvent?: { apiCpuMs: number; redisCpuMs: number };
  };
}

/** CPU time per delivery (medians of the rounds), and the deliveries a second one core would carry at that cost. */
export interface Capacity {
  redisCpuMsPerDelivery: number;
  workerCpuMsPerDelivery: number;
  /** 1000 / redisCpuMsPerDelivery: Redis runs commands on one thread. */
  deliveriesPerSecondPerRedisCore: number;
  /** 1000 / workerCpuMsPerDelivery. */
  deliveriesPerSecondPerWorkerCore: number;
}

export function printTable(results: ScenarioResult[]): void {
  const lines: string[][] = [['Scenario', 'Metric', 'System', 'Baseline', 'Ratio', 'Goal']];
  for (const result of results) {
    result.rows.forEach((row, index) =>
      lines.push([
        index === 0 ? result.name : '',
        row.metric,
        String(row.system),
        String(row.baseline),
        row.ratio === undefined ? '' : String(row.ratio),
        index === 0 && result.goal ? `${result.goal} ${result.met === undefined ? '' : result.met ? '(met)' : '(NOT met)'}` : '',
      ]),
    );
  }
  const widths = lines[0].map((_, column) => Math.max(...lines.map((line) => line[column].length)));
  const render = (line: string[]) => line.map((cell, column) => cell.padEnd(widths[column])).join(' | ');
  process.stdout.write(`\n${render(lines[0])}\n${widths.map((width) => '-'.repeat(width)).join('-|-')}\n`);
  for (const line of lines.slice(1)) process.stdout.write(`${render(line)}\n`);
}
