/**
 * What the safety probe adds to a check with --base: examples/shopfront as a git repository whose base
 * commit has its migrations up to SPLIT (default 20230510) and whose pull request adds the rest, checked
 * on one server with the probe and without it (every kind it makes set to off), pair by pair. Medians of
 * RUNS runs (default 5) on each image of MIGRATION_GATE_TEST_IMAGES (or the arguments), and how many
 * statements were probed, and the time per probed migration and per statement.
 * Run: node scripts/run-ts.mjs bench/probe.ts [image ...]
 */
import { readdirSync, renameSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseConfig } from '../src/config/file.js';
import { loadConfig } from '../src/config/load.js';
import { check } from '../src/check.js';
import { provision } from '../src/database/provision.js';
import { GitProject } from '../test/integration/git.js';
import { ROOT } from '../test/integration/helpers.js';
import { testImages } from '../test/integration/images.js';

const runs = Number(process.env.RUNS ?? 5);
const split = process.env.SPLIT ?? '20230510';
const images = process.argv.slice(2).length > 0 ? process.argv.slice(2) : testImages();
const OFF = {
  'table-copy': 'off',
  'write-lock': 'off',
  rebuild: 'off',
  destructive: 'off',
  'breaking-change': 'off',
} as const;

/** shopfront with the migrations from `split` on moved out of the base commit, then back in on a branch. */
function project(): GitProject {
  const git = new GitProject(path.join(ROOT, 'examples/shopfront'));
  const later = readdirSync(path.join(git.dir, 'migrations')).filter((name) => name >= split);
  mkdirSync(path.join(git.dir, 'later'));
  for (const name of later) renameSync(path.join(git.dir, 'migrations', name), path.join(git.dir, 'later', name));
  git.commit('base');
  git.git('checkout', '-q', '-b', 'feature');
  for (const name of later) renameSync(path.join(git.dir, 'later', name), path.join(git.dir, 'migrations', name));
  git.commit('the pull request');
  return git;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

console.log('image\tnew\tprobed statements\twith s\twithout s\tratio\tprobe ms\tms/migration\tms/statement');
for (const image of images) {
  await using server = await provision({ credentials: null, image });
  const git = project();
  const config = (severity: Record<string, string>) =>
    loadConfig({ cwd: git.dir, base: 'main' }, null, parseConfig({ severity }, 'bench/probe.ts'));
  const probed = await config({ 'column-order': 'off' });
  const unprobed = await config({ 'column-order': 'off', ...OFF });
  const ratios: number[] = [];
  const withs: number[] = [];
  const withouts: number[] = [];
  const probes: number[] = [];
  let statements = 0;
  let steps = 0;
  for (let i = 0; i < runs; i++) {
    let started = performance.now();
    const result = await check(probed, { server });
    const withMs = performance.now() - started;
    started = performance.now();
    const plain = await check(unprobed, { server });
    const withoutMs = performance.now() - started;
    if (!result.probe || plain.probe) throw new Error('the probe ran where it should not, or not where it should');
    withs.push(withMs);
    withouts.push(withoutMs);
    ratios.push(withMs / withoutMs);
    probes.push(result.probe.ms);
    statements = result.probe.statements.length;
    steps = result.probe.steps;
  }
  const probeMs = median(probes);
  console.log(
    [
      image,
      steps,
      statements,
      (median(withs) / 1000).toFixed(2),
      (median(withouts) / 1000).toFixed(2),
      median(ratios).toFixed(2),
      probeMs.toFixed(0),
      (probeMs / Math.max(steps, 1)).toFixed(0),
      (probeMs / Math.max(statements, 1)).toFixed(0),
    ].join('\t'),
  );
}
