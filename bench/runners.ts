/**
 * What a step costs by runner: the same five-revision chain (the outage's app) checked with umzug in the
 * gate's worker (examples/todobox), with --runner alembic (examples/flask-todobox: a process per step,
 * forked from a Python that has Alembic imported), and with --runner command running the alembic CLI, a
 * fresh Python per step, on one server, alternating. Medians of RUNS runs (default 5) of the time per step in each pass, of the whole
 * replay, and of the check; and how the snapshots read (statements let umzug's read one table; a tool's
 * process sends none the gate sees, so each of its steps is read whole).
 * Run: node scripts/run-ts.mjs bench/runners.ts [image ...]
 */
import path from 'node:path';
import { check, type CheckResult } from '../src/check.js';
import { loadConfig } from '../src/config/load.js';
import { provision } from '../src/database/provision.js';
import { alembicPython } from '../src/chain/tool.js';
import { ROOT } from '../test/integration/helpers.js';
import { testImages } from '../test/integration/images.js';

const runs = Number(process.env.RUNS ?? 5);
const images = process.argv.slice(2).length > 0 ? process.argv.slice(2) : testImages();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const FLASK = {
  cwd: path.join(ROOT, 'examples/flask-todobox'),
  modelCommand: `${alembicPython().join(' ')} print_ddl.py`,
};
const REVISIONS = [
  '6793349c088c_initial',
  '366e5694a9ad_oauth_columns',
  '3e5106ee570c_api_token',
  'c682ef478e45_drop_token_created_at',
  'd1f2e3c4b5a6_ensure_api_token',
];

const RUNNERS = {
  umzug: { cwd: path.join(ROOT, 'examples/todobox'), migrations: 'migrations/*.ts', model: 'models/' },
  alembic: FLASK,
  // the same revisions, each step the alembic CLI in a process of its own, as any tool's commands run
  'command (alembic CLI)': {
    ...FLASK,
    runner: 'command',
    list: `printf '${REVISIONS.map((name) => `${name.slice(0, 12)} migrations/versions/${name}.py`).join('\\n')}\\n'`,
    up: 'alembic upgrade {step}',
    down: 'alembic downgrade {step}-1',
    metaTable: 'alembic_version',
  },
};

interface Sample {
  up: number;
  down: number;
  reup: number;
  replay: number;
  total: number;
  reads: CheckResult['snapshots']['reads'];
}

console.log(
  'image\trunner\tup ms/step\tdown ms/step\tre-up ms/step\treplay s\tcheck s\tsnapshot reads (all/some/same/none)',
);
for (const image of images) {
  await using server = await provision({ credentials: null, image });
  const samples = new Map<string, Sample[]>(Object.keys(RUNNERS).map((name) => [name, []]));
  for (let i = 0; i < runs; i++)
    for (const [name, options] of Object.entries(RUNNERS)) {
      const result = await check(await loadConfig(options, null), { server });
      if (result.verdict !== 'pass') throw new Error(`${name} did not pass on ${image}`);
      const perStep = (phase: 'up' | 'down' | 'reup') =>
        median(result.steps.map((step) => step[phase].ms).filter((ms): ms is number => ms !== null));
      samples.get(name)!.push({
        up: perStep('up'),
        down: perStep('down'),
        reup: perStep('reup'),
        replay: result.timings.replayMs,
        total: result.timings.totalMs,
        reads: result.snapshots.reads,
      });
    }
  for (const [name, list] of samples) {
    const of = (key: 'up' | 'down' | 'reup' | 'replay' | 'total') => median(list.map((sample) => sample[key]));
    const { all, some, same, none } = list.at(-1)!.reads;
    console.log(
      [
        image,
        name,
        of('up').toFixed(0),
        of('down').toFixed(0),
        of('reup').toFixed(0),
        (of('replay') / 1000).toFixed(2),
        (of('total') / 1000).toFixed(2),
        `${all}/${some}/${same}/${none}`,
      ].join('\t'),
    );
  }
}
