// Runs a TypeScript script of the repository (benchmarks) by bundling it first: src/ imports use .js
// specifiers that Node's own type stripping does not map to .ts files.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildWorker } from './worker.mjs';

const [script, ...args] = process.argv.slice(2);
// Inside the repository, so that the bundle's imports resolve from its node_modules.
mkdirSync('test/.tmp', { recursive: true });
const outfile = path.join(mkdtempSync(path.resolve('test/.tmp/run-')), 'script.mjs');
await build({
  entryPoints: [script],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
// The gate finds its worker beside the bundle, as in dist/.
await buildWorker(path.dirname(outfile));
process.argv = [process.argv[0], script, ...args];
await import(pathToFileURL(outfile).href);
