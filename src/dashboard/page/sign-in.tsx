/** The sign-in form: OrderCloud's password grant, or a pasted access token. */

import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { ApiError, requestToken } from './api';
import { Alert } from './common';
import { isExpired, sessionFromToken, type Session } from './session';
import type { DashboardConfig } from './types';

export function SignIn({
  config,
  message,
  onSession,
}: {
  config: DashboardConfig;
  message: string | null;
  onSession: (session: Session) => void;
}) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    if (!config.signIn) {
      const session = token.trim() ? sessionFromToken(token.trim()) : null;
      if (!session) setError('Paste an access token first.');
      else if (isExpired(session, Date.now())) setError('This token has expired: paste a new one.');
      else onSession(session);
      return;
    }
    setBusy(true);
    try {
      onSession(await requestToken(config.signIn, username, password));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Sign-in failed.');
      setBusy(false);
    }
  };

  return (
    <section class="view sign-in" aria-labelledby="view-heading">
      <h2 id="view-heading" class="view-heading" tabIndex={-1}>
        Sign in
      </h2>
      <p class="muted">
        {config.signIn
          ? 'Use an admin user with the FullAccess or DeliveryConfigAdmin role.'
          : 'Paste an OrderCloud access token with the FullAccess or DeliveryConfigAdmin role.'}
      </p>
      <Alert message={error ?? message} />
      <form class="stack" onSubmit={onSubmit} aria-labelledby="view-heading">
        {config.signIn ? (
          <>
            <div class="field">
              <label for="sign-in-username">Username</label>
              <input
                id="sign-in-username"
                type="text"
                autocomplete="username"
                autocapitalize="none"
                spellcheck={false}
                required
                value={username}
                onInput={(event) => setUsername(event.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for="sign-in-password">Password</label>
              <input
                id="sign-in-password"
                type="password"
                autocomplete="current-password"
                required
                value={password}
                onInput={(event) => setPassword(event.currentTarget.value)}
              />
            </div>
            <button type="submit" class="primary" disabled={busy}>
              Sign in
            </button>
          </>
        ) : (
          <>
            <div class="field">
              <label for="sign-in-token">Access token</label>
              {/* A password field, so that the token is never shown on screen. */}
              <input
                id="sign-in-token"
                type="password"
                autocomplete="off"
                spellcheck={false}
                required
                value={token}
                onInput={(event) => setToken(event.currentTarget.value)}
              />
            </div>
            <button type="submit" class="primary">
              Use token
            </button>
          </>
        )}
      </form>
    </section>
  );
}
