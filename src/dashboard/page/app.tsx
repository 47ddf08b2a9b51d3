/** The shell: sign-in, header, navigation and the current view. */

import type { FunctionComponent } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createApi, readSession, storeSession } from './api';
import { SESSION_EXPIRED } from './api-errors';
import { Circuits } from './circuits';
import { AppContext, type AppContextValue, type KnownTarget } from './context';
import { DeadLetters } from './dead-letters';
import { Deliveries } from './deliveries';
import { formatClock, viewerTimeZone } from './format';
import { Overview } from './overview';
import { ROUTES, routeFromHash, type Route } from './routes';
import { TOKEN_EXPIRED, isExpired, type Session } from './session';
import { SignIn } from './sign-in';
import type { DashboardConfig } from './types';
import { useSessionExpiry } from './use-session-expiry';

const VIEWS: Record<Route, FunctionComponent> = {
  overview: Overview,
  deliveries: Deliveries,
  'dead-letters': DeadLetters,
  circuits: Circuits,
};

function useHashRoute(): Route {
  const [route, setRoute] = useState(() => routeFromHash(location.hash));
  useEffect(() => {
    const onHashChange = () => setRoute(routeFromHash(location.hash));
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  return route;
}

/** The stored session, unless its token has expired since: then the sign-in form says why. */
function restoreSession(): { session: Session | null; message: string | null } {
  const session = readSession();
  if (session && isExpired(session, Date.now())) {
    storeSession(null);
    return { session: null, message: TOKEN_EXPIRED };
  }
  return { session, message: null };
}

export function App({ config }: { config: DashboardConfig }) {
  const [restored] = useState(restoreSession);
  const [session, setSession] = useState(restored.session);
  const [signInMessage, setSignInMessage] = useState(restored.message);
  const [paused, setPaused] = useState(false);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [knownTargets, setKnownTargets] = useState<KnownTarget[]>([]);
  const route = useHashRoute();

  const signOut = useCallback((message: string | null) => {
    storeSession(null);
    setSession(null);
    setUpdatedAt(null);
    setKnownTargets([]);
    setSignInMessage(message);
  }, []);

  const token = session?.token ?? null;
  const api = useMemo(
    () => (token ? createApi(config.apiBaseUrl, token, () => signOut(SESSION_EXPIRED)) : null),
    [config.apiBaseUrl, token],
  );
  useSessionExpiry(session?.expiresAt ?? null, () => signOut(TOKEN_EXPIRED));

  const onTargetsSeen = useCallback((targets: KnownTarget[]) => {
    setKnownTargets((current) => {
      const merged = new Map(current.map((target) => [`${target.DeliveryConfigID}\u0000${target.TargetType}`, target]));
      for (const { DeliveryConfigID, DeliveryConfigName, TargetType } of targets) {
        merged.set(`${DeliveryConfigID}\u0000${TargetType}`, { DeliveryConfigID, DeliveryConfigName, TargetType });
      }
      // Same targets: keep the same array, so that the views do not re-render for nothing.
      return merged.size === current.length && targets.every((target) => current.some((known) => sameTarget(known, target)))
        ? current
        : [...merged.values()];
    });
  }, []);

  const context = useMemo<AppContextValue | null>(
    () => (api ? { config, api, paused, onUpdated: setUpdatedAt, knownTargets, onTargetsSeen } : null),
    [api, config, paused, knownTargets, onTargetsSeen],
  );

  // Move the focus to the new view's heading when the user navigates or signs in or out, not on the first load.
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('#view-heading')?.focus();
  }, [route, token !== null]);

  useEffect(() => {
    document.title = token
      ? `${ROUTES.find((entry) => entry.route === route)!.label} · Tracking deliveries`
      : 'Sign in · Tracking deliveries';
  }, [route, token]);

  // The same element while the route stays: the refresh status re-renders the shell every poll, the view need not.
  const view = useMemo(() => {
    const View = VIEWS[route];
    return <View key={route} />;
  }, [route]);
  return (
    <>
      <header class="top">
        <h1 class="brand">Tracking deliveries</h1>
        {token && (
          <div class="top-controls">
            <p class="refresh" aria-live="polite">
              {updatedAt ? `Updated ${formatClock(updatedAt)}` : 'Loading…'}
              {paused && ' · updates paused'}
            </p>
            <button type="button" onClick={() => setPaused((value) => !value)}>
              {paused ? 'Resume updates' : 'Pause updates'}
            </button>
            <button type="button" onClick={() => signOut(null)}>
              Sign out
            </button>
          </div>
        )}
      </header>
      {token && (
        <nav aria-label="Dashboard" class="tabs">
          <ul>
            {ROUTES.map((entry) => (
              <li key={entry.route}>
                <a href={`#/${entry.route}`} aria-current={entry.route === route ? 'page' : undefined}>
                  {entry.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main ref={mainRef}>
        {context ? (
          <AppContext.Provider value={context}>{view}</AppContext.Provider>
        ) : (
          <SignIn
            config={config}
            message={signInMessage}
            onSession={(value) => {
              storeSession(value);
              setSignInMessage(null);
              setSession(value);
            }}
          />
        )}
      </main>
      <footer class="foot">
        <p>Times in {viewerTimeZone()}</p>
      </footer>
    </>
  );
}

function sameTarget(a: KnownTarget, b: KnownTarget): boolean {
  return a.DeliveryConfigID === b.DeliveryConfigID && a.TargetType === b.TargetType && a.DeliveryConfigName === b.DeliveryConfigName;
}
