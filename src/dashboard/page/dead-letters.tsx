/** Dead letters: inspect, replay or delete the deliveries that ran out of attempts. */

import { useContext, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { Fragment, type JSX } from 'preact';
import { ApiError } from './api';
import { Alert, Empty, LoadMore, Loading, TableWrap, ViewHeading } from './common';
import { AppContext } from './context';
import { SelectField, TargetField, TextField } from './filter-fields';
import { domId, formatDateTime, formatDuration, plural } from './format';
import { EMPTY_DEAD_LETTER_FILTERS, deadLettersQuery, replayAllQuery, type DeadLetterFilters } from './query';
import { targetLabel } from './target-options';
import { EVENT_TYPES, type DeadLetter, type ListPage, type ReplayedCount } from './types';
import { useKnownTargets } from './use-known-targets';
import { usePagedSearch } from './use-paged-search';

export function DeadLetters() {
  const { api } = useContext(AppContext);
  const knownTargets = useKnownTargets();
  const search = usePagedSearch(EMPTY_DEAD_LETTER_FILTERS, (filters: DeadLetterFilters, page, signal) =>
    api.get<ListPage<DeadLetter>>(`/integrations/deadletters${deadLettersQuery(filters, page)}`, signal),
  );
  const { draft, set, applied, result, error, loaded, reload, hasMore, expanded, toggle } = search;
  const [confirmingDelete, setConfirmingDelete] = useState<string | null>(null);
  const [confirmingReplayAll, setConfirmingReplayAll] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);
  const focusNext = useRef<string | null>(null);

  // Buttons come and go with the confirmations: put the focus where the user's next step is.
  useLayoutEffect(() => {
    if (focusNext.current) {
      (document.getElementById(focusNext.current) ?? document.getElementById('view-heading'))?.focus();
      focusNext.current = null;
    }
  });

  const act = async (work: () => Promise<string>, focusAfter: string) => {
    setBusy(true);
    setActionError(null);
    setStatus('');
    try {
      setStatus(await work());
      reload();
    } catch (caught) {
      setActionError(caught instanceof ApiError ? caught.message : 'The action failed.');
    } finally {
      setBusy(false);
      setConfirmingDelete(null);
      setConfirmingReplayAll(false);
      focusNext.current = focusAfter;
    }
  };

  const replay = (letter: DeadLetter) =>
    act(
      async () => {
        await api.post(`/integrations/deadletters/${encodeURIComponent(letter.ID)}/replay`);
        return 'Replayed 1 dead letter.';
      },
      domId('replay', letter.ID),
    );

  const remove = (letter: DeadLetter) =>
    act(async () => {
      await api.delete(`/integrations/deadletters/${encodeURIComponent(letter.ID)}`);
      return `Deleted the dead letter of ${letter.EventType} event ${letter.EventID}.`;
    }, 'view-heading');

  const replayAll = () =>
    act(async () => {
      const answer = await api.post<ReplayedCount>(`/integrations/deadletters/replay${replayAllQuery(applied)}`);
      return `Replayed ${plural(answer.Replayed, 'dead letter')}.`;
    }, 'replay-all');

  const onSubmit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setConfirmingReplayAll(false);
    search.apply();
  };

  const waiting = result?.items.filter((letter) => letter.ReplayedAt === null).length ?? 0;

  return (
    <section class="view" aria-labelledby="view-heading">
      <div class="view-head">
        <ViewHeading>Dead letters</ViewHeading>
      </div>
      <form role="search" aria-label="Filter dead letters" class="filters" onSubmit={onSubmit}>
        <TargetField id="dead-target" knownTargets={knownTargets} value={draft.targetType} onChange={set('targetType')} />
        <SelectField id="dead-event" label="Event type" value={draft.eventType} options={EVENT_TYPES} onChange={set('eventType')} />
        <TextField id="dead-order" label="Order ID" value={draft.orderId} onInput={set('orderId')} />
        <div class="field field-actions">
          <button type="submit" class="primary">
            Apply
          </button>
        </div>
      </form>
      <p class="status" role="status" aria-live="polite">
        {status}
      </p>
      <Alert message={actionError ?? error} />
      {!result ? (
        !error && <Loading />
      ) : result.items.length === 0 ? (
        <Empty>No dead letters: every delivery either arrived or is still being retried.</Empty>
      ) : (
        <div aria-busy={!loaded}>
          <div class="toolbar">
            {confirmingReplayAll ? (
              <div class="confirm" role="group" aria-labelledby="replay-all-question">
                <p id="replay-all-question">{`Replay ${plural(result.totalCount, 'dead letter')} matching these filters?`}</p>
                <button type="button" id="confirm-replay-all" class="primary" disabled={busy} onClick={replayAll}>
                  Confirm replay
                </button>
                <button
                  type="button"
                  onClick={() => {
                    setConfirmingReplayAll(false);
                    focusNext.current = 'replay-all';
                  }}
                >
                  Cancel
                </button>
              </div>
            ) : (
              <button
                type="button"
                id="replay-all"
                onClick={() => {
                  setConfirmingReplayAll(true);
                  focusNext.current = 'confirm-replay-all';
                }}
              >
                Replay all matching
              </button>
            )}
          </div>
          <TableWrap label="Dead letters">
            <table class="dead-letters">
              <caption>
                Dead letters{' '}
                <span class="count">
                  ({result.totalCount}
                  {waiting !== result.items.length && `, ${waiting} waiting`})
                </span>
              </caption>
              <thead>
                <tr>
                  <th scope="col">Failed at</th>
                  <th scope="col">Event</th>
                  <th scope="col">Order</th>
                  <th scope="col">Target</th>
                  <th scope="col">Last error</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {result.items.map((letter) => {
                  const detailId = domId('dead-letter', letter.ID);
                  const isExpanded = expanded.has(letter.ID);
                  const confirming = confirmingDelete === letter.ID;
                  return (
                    <Fragment key={letter.ID}>
                      <tr>
                        <td class="nowrap" data-label="Failed at">
                          {formatDateTime(letter.FailedAt)}
                        </td>
                        <td data-label="Event">{letter.EventType}</td>
                        <td class="id" data-label="Order">
                          {letter.OrderID ?? '—'}
                        </td>
                        <td data-label="Target">{targetLabel(knownTargets, letter.DeliveryConfigID, letter.TargetType)}</td>
                        <td class="reason" data-label="Last error">
                          {letter.LastError}
                        </td>
                        <td data-label="Status">{letter.ReplayedAt ? `Replayed at ${formatDateTime(letter.ReplayedAt)}` : 'Waiting'}</td>
                        <td>
                          <div class="row-actions">
                            <button
                              type="button"
                              class="small"
                              aria-expanded={isExpanded}
                              aria-controls={detailId}
                              onClick={() => toggle(letter.ID)}
                            >
                              Inspect
                            </button>
                            <button
                              type="button"
                              class="small"
                              id={domId('replay', letter.ID)}
                              disabled={busy}
                              onClick={() => replay(letter)}
                            >
                              Replay
                            </button>
                            {confirming ? (
                              <>
                                <button
                                  type="button"
                                  class="small danger"
                                  id={domId('confirm-delete', letter.ID)}
                                  disabled={busy}
                                  onClick={() => remove(letter)}
                                >
                                  Confirm delete
                                </button>
                                <button
                                  type="button"
                                  class="small"
                                  onClick={() => {
                                    setConfirmingDelete(null);
                                    focusNext.current = domId('delete', letter.ID);
                                  }}
                                >
                                  Cancel
                                </button>
                              </>
                            ) : (
                              <button
                                type="button"
                                class="small"
                                id={domId('delete', letter.ID)}
                                onClick={() => {
                                  setConfirmingDelete(letter.ID);
                                  focusNext.current = domId('confirm-delete', letter.ID);
                                }}
                              >
                                Delete
                              </button>
                            )}
                          </div>
                        </td>
                      </tr>
                      <tr id={detailId} class="detail" hidden={!isExpanded}>
                        <td colSpan={7}>{isExpanded && <DeadLetterDetail letter={letter} />}</td>
                      </tr>
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
          {hasMore && <LoadMore onClick={search.loadMore} />}
        </div>
      )}
    </section>
  );
}

function DeadLetterDetail({ letter }: { letter: DeadLetter }) {
  return (
    <div class="dead-letter-detail">
      <table class="attempts">
        <caption>{`Attempts of the ${letter.EventType} delivery ${letter.ID}`}</caption>
        <thead>
          <tr>
            <th scope="col">Attempt</th>
            <th scope="col">Time</th>
            <th scope="col">HTTP status</th>
            <th scope="col">Duration</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {letter.Attempts.map((attempt) => (
            <tr key={attempt.Attempt}>
              <td class="num" data-label="Attempt">
                {attempt.Attempt}
              </td>
              <td class="nowrap" data-label="Time">
                {formatDateTime(attempt.AttemptedAt)}
              </td>
              <td class="num" data-label="HTTP status">
                {attempt.HttpStatus ?? '—'}
              </td>
              <td class="num nowrap" data-label="Duration">
                {formatDuration(attempt.DurationMs)}
              </td>
              <td class="reason" data-label="Error">
                {attempt.Error}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 class="message-heading">Message</h3>
      <pre class="message" tabIndex={0}>
        {JSON.stringify(letter.Message, null, 2)}
      </pre>
    </div>
  );
}
