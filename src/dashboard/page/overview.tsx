/** Overview: one tile per DeliveryConfig × target, and the pipeline's readings. */

import { useContext, useMemo, useState } from 'preact/hooks';
import { Chart } from './chart';
import { Alert, Empty, Loading, TableWrap, ViewHeading } from './common';
import { AppContext } from './context';
import { circuitText, targetHealth } from './health';
import { WINDOW_LABELS, deliveriesChartLabel, domId, formatDuration, formatHourMinute, latencyChartLabel } from './format';
import type { DeliveryStats, StatsWindow, TargetStats } from './types';
import { usePolling } from './use-polling';

const WINDOWS: StatsWindow[] = ['Hour', 'Day', 'Week'];

export function Overview() {
  const { api, onTargetsSeen } = useContext(AppContext);
  const [window, setWindow] = useState<StatsWindow>('Hour');
  const [stats, setStats] = useState<DeliveryStats | null>(null);

  const { error, loaded } = usePolling(
    async (signal) => {
      const answer = await api.get<DeliveryStats>(`/integrations/deliverystats?Window=${window}`, signal);
      if (signal.aborted) return;
      setStats(answer);
      onTargetsSeen(answer.Targets);
    },
    [window],
  );

  return (
    <section class="view" aria-labelledby="view-heading">
      <div class="view-head">
        <ViewHeading>Overview</ViewHeading>
        <div class="field field-inline">
          <label for="stats-window">Window</label>
          <select id="stats-window" value={window} onChange={(event) => setWindow(event.currentTarget.value as StatsWindow)}>
            {WINDOWS.map((value) => (
              <option key={value} value={value}>
                {WINDOW_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Alert message={error} />
      {!stats ? (
        !error && <Loading />
      ) : (
        <div aria-busy={!loaded}>
          {stats.Targets.length === 0 ? (
            <Empty>
              No deliveries in this window. Create a TrackingEvent and a DeliveryConfig with the admin API, then shop: deliveries appear
              here within seconds.
            </Empty>
          ) : (
            <div class="tiles">
              {stats.Targets.map((target) => (
                <Tile key={`${target.DeliveryConfigID}\u0000${target.TargetType}`} target={target} stats={stats} />
              ))}
            </div>
          )}
          <Pipeline pipeline={stats.Pipeline} />
        </div>
      )}
    </section>
  );
}

const STAT_LABELS: Array<[keyof Pick<TargetStats, 'Delivered' | 'FailedAttempts' | 'DeadLettered' | 'Skipped'>, string]> = [
  ['Delivered', 'Delivered'],
  ['FailedAttempts', 'Failed attempts'],
  ['DeadLettered', 'Dead-lettered'],
  ['Skipped', 'Skipped'],
];

function Tile({ target, stats }: { target: TargetStats; stats: DeliveryStats }) {
  const headingId = domId('tile', `${target.DeliveryConfigID}|${target.TargetType}`);
  const health = targetHealth(target);
  const x = useMemo(() => target.Buckets.map((bucket) => Date.parse(bucket.Start) / 1000), [target.Buckets]);
  const delivered = useMemo(() => target.Buckets.map((bucket) => bucket.Delivered), [target.Buckets]);
  const latency = useMemo(() => target.Buckets.map((bucket) => bucket.LatencyP90Ms), [target.Buckets]);

  return (
    <article class={`tile tile-${health.toLowerCase()}`} aria-labelledby={headingId}>
      <div class="tile-head">
        <h3 id={headingId}>{`${target.DeliveryConfigName ?? target.DeliveryConfigID} · ${target.TargetType}`}</h3>
        <p class={`health health-${health.toLowerCase()}`} data-health={health}>
          {health}
        </p>
      </div>
      <p class="circuit">{circuitText(target.Circuit, (iso) => formatHourMinute(iso))}</p>
      <dl class="counts">
        {STAT_LABELS.map(([key, label]) => (
          <div key={key}>
            <dt>{label}</dt>
            <dd data-stat={key}>{String(target[key])}</dd>
          </div>
        ))}
      </dl>
      <dl class="latencies">
        {(['P50', 'P90', 'P99'] as const).map((key) => (
          <div key={key}>
            <dt>{`${key.toLowerCase()} latency`}</dt>
            <dd>{formatDuration(target.LatencyMs[key])}</dd>
          </div>
        ))}
      </dl>
      <div class="charts">
        <div class="chart-block">
          <p class="chart-title" aria-hidden="true">
            Delivered
          </p>
          <Chart
            x={x}
            y={delivered}
            kind="bars"
            color="#2f6f4f"
            height={48}
            label={deliveriesChartLabel(stats.Window, stats.BucketSeconds, delivered)}
          />
        </div>
        <div class="chart-block">
          <p class="chart-title" aria-hidden="true">
            p90 latency
          </p>
          <Chart
            x={x}
            y={latency}
            kind="line"
            color="#3b5b9a"
            height={48}
            label={latencyChartLabel(stats.Window, stats.BucketSeconds, latency)}
          />
        </div>
      </div>
    </article>
  );
}

function reading(value: number | null, format: (value: number) => string): string {
  return value === null ? 'unavailable' : format(value);
}

function Pipeline({ pipeline }: { pipeline: DeliveryStats['Pipeline'] }) {
  return (
    <section class="pipeline" aria-labelledby="pipeline-heading">
      <h3 id="pipeline-heading">Pipeline</h3>
      <dl class="readings">
        <div>
          <dt>Capture lag</dt>
          <dd>{reading(pipeline.CaptureLagMs, formatDuration)}</dd>
        </div>
        <div>
          <dt>Outbox rows</dt>
          <dd>{reading(pipeline.OutboxRows, String)}</dd>
        </div>
        <div>
          <dt>Open circuits</dt>
          <dd>{reading(pipeline.OpenCircuits, String)}</dd>
        </div>
      </dl>
      {pipeline.Queues === null ? (
        <p class="muted">Queue depths unavailable.</p>
      ) : pipeline.Queues.length === 0 ? (
        <p class="muted">No delivery queues yet.</p>
      ) : (
        <TableWrap label="Queue depth per target type">
          <table>
            <caption>Queue depth per target type</caption>
            <thead>
              <tr>
                <th scope="col">Target type</th>
                <th scope="col" class="num">
                  Waiting
                </th>
                <th scope="col" class="num">
                  Delayed
                </th>
                <th scope="col" class="num">
                  Active
                </th>
              </tr>
            </thead>
            <tbody>
              {pipeline.Queues.map((queue) => (
                <tr key={queue.TargetType}>
                  <th scope="row">{queue.TargetType}</th>
                  <td class="num" data-label="Waiting">
                    {queue.Waiting}
                  </td>
                  <td class="num" data-label="Delayed">
                    {queue.Delayed}
                  </td>
                  <td class="num" data-label="Active">
                    {queue.Active}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
