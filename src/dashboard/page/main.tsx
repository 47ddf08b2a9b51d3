/** The dashboard's entry: reads the config the server put in the page and renders the app into #app. */

import { render } from 'preact';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { App } from './app';
import type { DashboardConfig } from './types';

function readConfig(): DashboardConfig {
  const element = document.getElementById('tracking-dashboard-config');
  const config = JSON.parse(element?.textContent || '{}') as Partial<DashboardConfig>;
  return {
    apiBaseUrl: config.apiBaseUrl ?? '',
    signIn: config.signIn ?? null,
    bullBoardUrl: config.bullBoardUrl ?? null,
    refreshSeconds: config.refreshSeconds && config.refreshSeconds > 0 ? config.refreshSeconds : 5,
  };
}

render(<App config={readConfig()} />, document.getElementById('app')!);
