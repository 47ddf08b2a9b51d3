import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// A compat run that silently loaded the root install would test NestJS 12 twice: this checks what loads.
const pinned: Record<string, string> = JSON.parse(readFileSync(join(__dirname, 'package.json'), 'utf8')).dependencies;
const names = Object.keys(pinned);

/** The installed package an entry point belongs to (some packages do not export their package.json). */
function packageOf(entry: string, name: string): { dir: string; version: string } {
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    if (manifest.name === name) return { dir, version: manifest.version };
  }
  throw new Error(`No package.json of ${name} above ${entry}`);
}

describe('the compat install', () => {
  it.each(names)('provides %s to the tests', (name) => {
    expect(packageOf(require.resolve(name), name)).toEqual({ dir: join(__dirname, 'node_modules', name), version: pinned[name] });
  });

  it('provides the packages to the built sample app the tests start', () => {
    const dist = process.env.TEST_SAMPLE_APP_DIST;
    expect(dist).toBe(join(__dirname, 'dist'));
    const resolveAll = `const r = require('node:module').createRequire(process.argv[1]);
      console.log(JSON.stringify(JSON.parse(process.argv[2]).map((name) => r.resolve(name))));`;
    const main = join(dist!, 'sample-app', 'main.js');
    const entries: string[] = JSON.parse(
      execFileSync(process.execPath, ['-e', resolveAll, main, JSON.stringify(names)], { encoding: 'utf8' }),
    );
    expect(Object.fromEntries(names.map((name, i) => [name, packageOf(entries[i], name).version]))).toEqual(pinned);
    expect(entries.every((entry) => entry.startsWith(join(__dirname, 'node_modules')))).toBe(true);
  });
});
