// Builds the project host's worker (src/project/worker.ts) for code run from source, which cannot start
// a .ts worker itself: beside a bundled script (run-ts.mjs), or once for the tests (MIGRATION_GATE_WORKER).
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** Writes `outdir`/project-worker.js, an ES module, and returns its path. */
export async function buildWorker(outdir) {
  const outfile = path.join(outdir, 'project-worker.js');
  await build({
    entryPoints: ['src/project/worker.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  writeFileSync(path.join(outdir, 'package.json'), '{ "type": "module" }\n');
  return outfile;
}
