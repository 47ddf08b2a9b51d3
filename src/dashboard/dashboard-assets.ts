import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DashboardNotBuiltError } from './dashboard-not-built.error';

/** The page's bundle, read once: it is small and never changes while the app runs. */
export interface DashboardAssets {
  script: string;
  stylesheet: string;
  /** Of both files: it names them in URLs, so that browsers may cache them for good. */
  version: string;
}

// The bundle is built into dist/dashboard: beside dist/src in the package, two levels above this folder
// when the library runs from its sources (its own tests).
const BUILT_PAGE_FOLDERS = [join(__dirname, '..', '..', 'dashboard'), join(__dirname, '..', '..', 'dist', 'dashboard')];

export function loadDashboardAssets(folders: string[] = BUILT_PAGE_FOLDERS): DashboardAssets {
  const folder = folders.find((candidate) => existsSync(join(candidate, 'dashboard.js')));
  if (!folder) throw new DashboardNotBuiltError(folders);
  const script = readFileSync(join(folder, 'dashboard.js'), 'utf8');
  const stylesheet = readFileSync(join(folder, 'dashboard.css'), 'utf8');
  const version = createHash('sha256').update(script).update(stylesheet).digest('base64url').slice(0, 12);
  return { script, stylesheet, version };
}
