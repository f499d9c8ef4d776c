import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildWorker } from '../scripts/worker.mjs';

/** Run from source, the project host's worker is built first (in dist/ it is beside the bundle). */
export async function setup(): Promise<void> {
  const dir = path.resolve('test/.tmp/worker');
  mkdirSync(dir, { recursive: true });
  process.env.MIGRATION_GATE_WORKER = await buildWorker(dir);
}
