// Builds the delivery dashboard's browser bundle: dist/dashboard/dashboard.js and dashboard.css.
// Run after `nest build`; paths are relative to the repository, wherever the script is run from.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'dashboard');

/** The licences of the bundled packages: uPlot's header is a plain comment and Preact has none, so esbuild keeps neither. */
async function licenceNotice(packages) {
  const parts = [];
  for (const name of packages) {
    const folder = join(root, 'node_modules', name);
    const { version } = JSON.parse(await readFile(join(folder, 'package.json'), 'utf8'));
    const text = (await readFile(join(folder, 'LICENSE'), 'utf8')).trim().replaceAll('*/', '* /');
    parts.push(`${name} ${version}\n\n${text}`);
  }
  return `/*! Bundled third-party code:\n\n${parts.join('\n\n---\n\n')}\n*/`;
}

try {
  const jsNotice = await licenceNotice(['preact', 'uplot']);
  const cssNotice = await licenceNotice(['uplot']);
  await build({
    absWorkingDir: root,
    entryPoints: { dashboard: join(root, 'src', 'dashboard', 'page', 'main.tsx') },
    outdir,
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(root, 'src', 'dashboard', 'page', 'tsconfig.json'),
    // Preact's and uPlot's licences stay with the code they cover.
    legalComments: 'eof',
    footer: { js: jsNotice, css: cssNotice },
    sourcemap: false,
    charset: 'utf8',
    logLevel: 'warning',
  });

  let raw = 0;
  let gzip = 0;
  for (const name of ['dashboard.js', 'dashboard.css']) {
    const bytes = await readFile(join(outdir, name));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
  // On stderr, as esbuild's own messages: `npm pack --json` runs the build and prints its JSON on stdout.
  console.error(`dashboard: ${relative(root, outdir)}/dashboard.{js,css} ${kb(raw)} (${kb(gzip)} gzip)`);
} catch (error) {
  // esbuild has printed its messages already; anything else is worth a line.
  if (!error?.errors) console.error(error);
  process.exitCode = 1;
}
