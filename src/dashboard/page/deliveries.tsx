/** Deliveries: search the attempts, grouped into one row per delivery. */

import { useContext, useMemo } from 'preact/hooks';
import type { JSX } from 'preact';
import { Alert, Empty, LoadMore, Loading, OutcomeBadge, TableWrap, ViewHeading } from './common';
import { AppContext } from './context';
import { domId, formatDateTime, formatDuration } from './format';
import { groupDeliveries, type DeliveryGroup } from './group';
import { EMPTY_DELIVERY_SEARCH, bullBoardJobUrl, deliveryAttemptsQuery, type DeliverySearch } from './query';
import { SelectField, TargetField, TextField } from './filter-fields';
import { targetLabel } from './target-options';
import { EVENT_TYPES, OUTCOMES, type DeliveryAttempt, type ListPage } from './types';
import { useKnownTargets } from './use-known-targets';
import { usePagedSearch } from './use-paged-search';

export function Deliveries() {
  const { api } = useContext(AppContext);
  const knownTargets = useKnownTargets();
  const search = usePagedSearch(EMPTY_DELIVERY_SEARCH, (filters: DeliverySearch, page, signal) =>
    api.get<ListPage<DeliveryAttempt>>(`/integrations/deliveryattempts${deliveryAttemptsQuery(filters, page)}`, signal),
  );
  const { draft, set, result, error, loaded, hasMore, expanded, toggle } = search;
  const groups = useMemo(() => (result ? groupDeliveries(result.items) : []), [result]);

  const onSubmit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    search.apply();
  };

  return (
    <section class="view" aria-labelledby="view-heading">
      <div class="view-head">
        <ViewHeading>Deliveries</ViewHeading>
      </div>
      <form role="search" aria-label="Search deliveries" class="filters" onSubmit={onSubmit}>
        <TextField id="search-order" label="Order ID" value={draft.orderId} onInput={set('orderId')} />
        <TextField id="search-user" label="User ID" value={draft.userId} onInput={set('userId')} />
        <TextField id="search-anonymous" label="Anonymous ID" value={draft.anonymousId} onInput={set('anonymousId')} />
        <SelectField id="search-event" label="Event type" value={draft.eventType} options={EVENT_TYPES} onChange={set('eventType')} />
        <TargetField id="search-target" knownTargets={knownTargets} value={draft.targetType} onChange={set('targetType')} />
        <SelectField id="search-outcome" label="Outcome" value={draft.outcome} options={OUTCOMES} onChange={set('outcome')} />
        <div class="field">
          <label for="search-from">From</label>
          <input id="search-from" type="datetime-local" value={draft.from} onInput={set('from')} />
        </div>
        <div class="field">
          <label for="search-to">To</label>
          <input id="search-to" type="datetime-local" value={draft.to} onInput={set('to')} />
        </div>
        <div class="field field-actions">
          <button type="submit" class="primary">
            Search
          </button>
        </div>
      </form>
      <Alert message={error} />
      {!result ? (
        !error && <Loading />
      ) : groups.length === 0 ? (
        <Empty>No deliveries match. Widen the time range or clear a filter.</Empty>
      ) : (
        <div aria-busy={!loaded}>
          <TableWrap label="Deliveries">
            <table class="deliveries">
              <caption>
                Deliveries matching your search <span class="count">({hasMore ? `${groups.length} loaded` : groups.length})</span>
              </caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Event</th>
                  <th scope="col">Order</th>
                  <th scope="col">User / Anonymous</th>
                  <th scope="col">Target</th>
                  <th scope="col">Outcome</th>
                  <th scope="col" class="num">
                    Attempts
                  </th>
                  <th scope="col" class="num">
                    Latency
                  </th>
                  <th scope="col">
                    <span class="visually-hidden">Details</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {groups.map((group) => (
                  <DeliveryRows
                    key={group.DeliveryID}
                    group={group}
                    target={targetLabel(knownTargets, group.latest.DeliveryConfigID, group.latest.TargetType)}
                    expanded={expanded.has(group.DeliveryID)}
                    onToggle={() => toggle(group.DeliveryID)}
                  />
                ))}
              </tbody>
            </table>
          </TableWrap>
          {hasMore && <LoadMore onClick={search.loadMore} />}
        </div>
      )}
    </section>
  );
}

function DeliveryRows({
  group,
  target,
  expanded,
  onToggle,
}: {
  group: DeliveryGroup;
  target: string;
  expanded: boolean;
  onToggle: () => void;
}) {
  const { config } = useContext(AppContext);
  const detailId = domId('attempts', group.DeliveryID);
  const { latest } = group;
  const person = latest.UserID ?? latest.AnonymousID;
  const withJobs = config.bullBoardUrl !== null;
  return (
    <>
      <tr>
        <td class="nowrap" data-label="Time">
          {formatDateTime(latest.AttemptedAt)}
        </td>
        <td data-label="Event">{latest.EventType}</td>
        <td class="id" data-label="Order">
          {latest.OrderID ?? '—'}
        </td>
        <td class="id" data-label="User / Anonymous">
          {person ?? '—'}
          {latest.UserID === null && latest.AnonymousID !== null && <span class="muted"> (anonymous)</span>}
        </td>
        <td data-label="Target">{target}</td>
        <td data-label="Outcome">
          <OutcomeBadge outcome={group.outcome} />
        </td>
        <td class="num" data-label="Attempts">
          {group.attempts.length}
        </td>
        <td class="num nowrap" data-label="Latency">
          {formatDuration(group.latencyMs)}
        </td>
        <td>
          <button type="button" class="small" aria-expanded={expanded} aria-controls={detailId} onClick={onToggle}>
            Show attempts
          </button>
        </td>
      </tr>
      <tr id={detailId} class="detail" hidden={!expanded}>
        <td colSpan={9}>
          {expanded && (
            <table class="attempts">
              <caption>{`Attempts of the ${latest.EventType} delivery to ${target}`}</caption>
              <thead>
                <tr>
                  <th scope="col">Attempt</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">HTTP status</th>
                  <th scope="col">Duration</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Time</th>
                  {withJobs && <th scope="col">Job</th>}
                </tr>
              </thead>
              <tbody>
                {group.attempts.map((attempt) => {
                  const jobUrl = bullBoardJobUrl(config.bullBoardUrl, attempt.QueueName, attempt.JobID);
                  return (
                    <tr key={attempt.ID}>
                      <td class="num" data-label="Attempt">
                        {attempt.Attempt}
                      </td>
                      <td data-label="Outcome">
                        <OutcomeBadge outcome={attempt.Outcome} />
                      </td>
                      <td class="num" data-label="HTTP status">
                        {attempt.HttpStatus ?? '—'}
                      </td>
                      <td class="num nowrap" data-label="Duration">
                        {formatDuration(attempt.DurationMs)}
                      </td>
                      <td class="reason" data-label="Reason">
                        {attempt.Detail ?? '—'}
                      </td>
                      <td class="nowrap" data-label="Time">
                        {formatDateTime(attempt.AttemptedAt)}
                      </td>
                      {withJobs && (
                        <td data-label="Job">
                          {jobUrl ? (
                            <a href={jobUrl} target="_blank" rel="noopener noreferrer">
                              Open job in Bull Board
                            </a>
                          ) : (
                            '—'
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </td>
      </tr>
    </>
  );
}
