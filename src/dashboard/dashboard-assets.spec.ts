import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDashboardAssets } from './dashboard-assets';
import { DashboardNotBuiltError } from './dashboard-not-built.error';

describe('loadDashboardAssets', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'dashboard-assets-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('reads the first folder that holds the bundle, and versions it by its content', () => {
    writeFileSync(join(folder, 'dashboard.js'), 'console.log(1)');
    writeFileSync(join(folder, 'dashboard.css'), 'body{}');
    const first = loadDashboardAssets([join(folder, 'missing'), folder]);
    expect(first).toMatchObject({ script: 'console.log(1)', stylesheet: 'body{}' });
    writeFileSync(join(folder, 'dashboard.css'), 'body{color:red}');
    expect(loadDashboardAssets([folder]).version).not.toBe(first.version);
  });

  it('stops the boot with the fix when the page was not built', () => {
    expect(() => loadDashboardAssets([folder])).toThrow(DashboardNotBuiltError);
    expect(() => loadDashboardAssets([folder])).toThrow(/run `npm run build` in the package/);
  });
});
