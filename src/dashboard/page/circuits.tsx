/** Circuits: the targets paused after repeated failures, and a way to close them by hand. */

import { useContext, useState } from 'preact/hooks';
import { ApiError } from './api';
import { Alert, Empty, Loading, TableWrap, ViewHeading } from './common';
import { AppContext } from './context';
import { formatDateTime } from './format';
import type { ListPage, OpenCircuit } from './types';
import { usePolling } from './use-polling';

export function Circuits() {
  const { api } = useContext(AppContext);
  const [circuits, setCircuits] = useState<OpenCircuit[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);

  const { error, reload } = usePolling(async (signal) => {
    const answer = await api.get<ListPage<OpenCircuit>>('/integrations/deliverycircuits?pageSize=100', signal);
    if (!signal.aborted) setCircuits(answer.Items);
  }, []);

  const close = async (circuit: OpenCircuit) => {
    const name = `${circuit.DeliveryConfigID} · ${circuit.TargetType}`;
    setBusy(true);
    setStatus('');
    setActionError(null);
    try {
      await api.delete(
        `/integrations/deliverycircuits/${encodeURIComponent(circuit.DeliveryConfigID)}/${encodeURIComponent(circuit.TargetType)}`,
      );
      setStatus(`Closed the circuit for ${name}.`);
      reload();
    } catch (caught) {
      setActionError(caught instanceof ApiError ? caught.message : 'Closing the circuit failed.');
    } finally {
      setBusy(false);
      // The row goes away: keep the focus in the view.
      document.getElementById('view-heading')?.focus();
    }
  };

  return (
    <section class="view" aria-labelledby="view-heading">
      <div class="view-head">
        <ViewHeading>Circuits</ViewHeading>
      </div>
      <p class="status" role="status" aria-live="polite">
        {status}
      </p>
      <Alert message={actionError ?? error} />
      {!circuits ? (
        !error && <Loading />
      ) : circuits.length === 0 ? (
        <Empty>All circuits are closed: every target is receiving deliveries.</Empty>
      ) : (
        <TableWrap label="Open circuits">
          <table>
            <caption>
              Open circuits <span class="count">({circuits.length})</span>
            </caption>
            <thead>
              <tr>
                <th scope="col">DeliveryConfigID</th>
                <th scope="col">TargetType</th>
                <th scope="col">State</th>
                <th scope="col" class="num">
                  Failures
                </th>
                <th scope="col">Paused since</th>
                <th scope="col">Retry at</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {circuits.map((circuit) => (
                <tr key={`${circuit.DeliveryConfigID}\u0000${circuit.TargetType}`}>
                  <td class="id" data-label="DeliveryConfigID">
                    {circuit.DeliveryConfigID}
                  </td>
                  <td data-label="TargetType">{circuit.TargetType}</td>
                  <td data-label="State">{circuit.State === 'Probing' ? 'Probing (one trial delivery)' : 'Paused'}</td>
                  <td class="num" data-label="Failures">
                    {circuit.ConsecutiveFailures}
                  </td>
                  <td class="nowrap" data-label="Paused since">
                    {formatDateTime(circuit.PausedAt)}
                  </td>
                  <td class="nowrap" data-label="Retry at">
                    {formatDateTime(circuit.RetryAt)}
                  </td>
                  <td>
                    <button
                      type="button"
                      class="small"
                      disabled={busy}
                      aria-label={`Close circuit for ${circuit.DeliveryConfigID} · ${circuit.TargetType}`}
                      onClick={() => close(circuit)}
                    >
                      Close circuit
                    </button>
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
