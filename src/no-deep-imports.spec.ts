import { readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');
const SPECIFIER = /\b(?:from|import|require)\s*\(?\s*['"]([^'"]+)['"]/g;

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
    .map((file) => join(ROOT, folder, file));
}

function packageImports(file: string): string[] {
  const specifiers = [...readFileSync(file, 'utf8').matchAll(SPECIFIER)].map((match) => match[1]);
  return specifiers.filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('/') && !isBuiltin(specifier));
}

/**
 * Whether the package declares the import in its exports map, matched as Node matches it: a key, or a
 * key with one `*`, but not a catch-all `./*`, which opens every file of the package, internals included.
 */
function isExported(specifier: string): boolean {
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  const subpath = ['.', ...parts.slice(nameLength)].join('/');
  if (subpath === '.') return true;
  const packageJson = join(ROOT, 'node_modules', ...parts.slice(0, nameLength), 'package.json');
  const { exports } = JSON.parse(readFileSync(packageJson, 'utf8'));
  // A string, or conditions without subpaths, exports the package name alone.
  const keys = exports && typeof exports === 'object' ? Object.keys(exports).filter((key) => key.startsWith('.')) : [];
  return keys.some((key) => {
    const [prefix, suffix] = key.split('*');
    if (suffix === undefined) return key === subpath;
    if (prefix === './') return false;
    return subpath.length >= key.length && subpath.startsWith(prefix) && subpath.endsWith(suffix);
  });
}

describe('imports of packages in src/ and sample-app/', () => {
  // A package's other files are its internals: they move or go in any release, and its exports map may hide them.
  it('name the package, or a subpath its exports map declares, and never reach into its files', () => {
    const deepImports = [...sourceFiles('src'), ...sourceFiles('sample-app')].flatMap((file) =>
      packageImports(file)
        .filter((specifier) => !isExported(specifier))
        .map((specifier) => `${relative(ROOT, file)}: ${specifier}`),
    );
    expect(deepImports).toEqual([]);
  });
});
