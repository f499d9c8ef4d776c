/**
 * npm run bench [-- STEPS ...]: on one server, for synthetic chains of 50, 200 and 1000 steps, the time
 * of the bare chain (umzug up, down to 0, up: the limit) against the gate's full check, each in a child
 * process of its own, RUNS times (default 3) alternating, medians reported. Image:
 * MIGRATION_GATE_BENCH_IMAGE or the first of MIGRATION_GATE_TEST_IMAGES.
 *
 * Then the engine matrix, on the first (smallest) chain: a check on two engines at once (`--mysql-image
 * a,b`, containers started by the gate, as a user's run) against the two single-engine checks one after
 * the other, alternating, the ratio taken run by run. Images: MIGRATION_GATE_BENCH_MATRIX (`none` to
 * leave it out), or the first two of MIGRATION_GATE_TEST_IMAGES.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Umzug, memoryStorage } from 'umzug';
import { check } from '../src/check.js';
import { isStep } from '../src/chain/types.js';
import { findMigrations, loadChain } from '../src/chain/load.js';
import { loadConfig } from '../src/config/load.js';
import { openSequelize, projectSequelize } from '../src/database/sequelize.js';
import { credentialsFromUrl } from '../src/config/kinds.js';
import { connect } from '../src/database/server.js';
import { provision } from '../src/database/provision.js';
import { testImages } from '../test/integration/images.js';
import { writeChain } from './chain.js';

interface Sample {
  seconds: number;
  rssMb: number;
  p50?: number;
  p95?: number;
  verdict?: string;
  reads?: { all: number; some: number; none: number; same: number };
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === '--child') await child(rest[0]!, rest[1]!, rest[2]!);
else if (mode === '--engines') await engines(rest[0]!, rest[1]!);
else
  await parent(
    rest.length > 0 || (mode && mode !== '--')
      ? [mode!, ...rest].filter((a) => /^\d+$/.test(a)).map(Number)
      : [50, 200, 1000],
  );

/** One measurement in this process: `bare` or `gate` of the chain in `dir`, on the server at `url`. */
async function child(kind: string, dir: string, url: string): Promise<void> {
  const started = performance.now();
  let sample: Sample;
  if (kind === 'bare') {
    const chain = await loadChain(await findMigrations(dir, 'migrations/*.js'), dir);
    const admin = await connect(credentialsFromUrl(url));
    const schema = `bench_bare_${process.pid}`;
    await admin.query(`CREATE DATABASE ${schema}`);
    const library = projectSequelize(dir)!;
    const sequelize = openSequelize(library, credentialsFromUrl(url), schema, { foreignKeyChecks: true, cwd: dir });
    const context = { context: sequelize.getQueryInterface(), library: library.Sequelize, sql: async () => {} };
    const umzug = new Umzug({
      migrations: chain.entries.filter(isStep).map((step) => ({
        name: step.name,
        up: () => step.up(context),
        down: () => step.down!(context),
      })),
      storage: memoryStorage(),
      logger: undefined,
    });
    await umzug.up();
    await umzug.down({ to: 0 });
    await umzug.up();
    await sequelize.close();
    await admin.query(`DROP DATABASE ${schema}`);
    await admin.end();
    sample = { seconds: (performance.now() - started) / 1000, rssMb: 0 };
  } else {
    const result = await check(
      await loadConfig({ cwd: dir, migrations: 'migrations/*.js', model: 'schema.sql', databaseUrl: url }, null),
    );
    sample = {
      seconds: (performance.now() - started) / 1000,
      rssMb: 0,
      p50: result.snapshots.p50Ms,
      p95: result.snapshots.p95Ms,
      verdict: result.verdict,
      reads: result.snapshots.reads,
    };
  }
  sample.rssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify(sample));
  process.exit(0);
}

/** One check in this process, on containers of `images` (comma-separated) that it starts: a user's whole wait. */
async function engines(dir: string, images: string): Promise<void> {
  const started = performance.now();
  const result = await check(
    await loadConfig({ cwd: dir, migrations: 'migrations/*.js', model: 'schema.sql', mysqlImage: images }, null),
  );
  if (result.verdict !== 'pass') throw new Error(`the gate did not pass the synthetic chain on ${images}`);
  process.stdout.write(JSON.stringify({ seconds: (performance.now() - started) / 1000 }));
  process.exit(0);
}

/** The matrix of two engines against their two single-engine checks, one after the other. */
function matrix(dir: string, steps: number, runs: number): void {
  if (process.env.MIGRATION_GATE_BENCH_MATRIX === 'none') return;
  const images = (process.env.MIGRATION_GATE_BENCH_MATRIX?.split(',') ?? testImages()).slice(0, 2);
  if (images.length < 2) {
    console.log('matrix: needs two images (MIGRATION_GATE_BENCH_MATRIX or MIGRATION_GATE_TEST_IMAGES): not run');
    return;
  }
  const time = (list: string[]): number =>
    (
      JSON.parse(
        execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--engines', dir, list.join(',')], {
          encoding: 'utf8',
          maxBuffer: 1 << 26,
        }),
      ) as { seconds: number }
    ).seconds;
  const rows: { singles: number[]; matrix: number; ratio: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const singles = images.map((image) => time([image]));
    const both = time(images);
    rows.push({ singles, matrix: both, ratio: both / (singles[0]! + singles[1]!) });
  }
  const [a, b] = [0, 1].map((i) => median(rows.map((row) => row.singles[i]!)));
  const both = median(rows.map((row) => row.matrix));
  const ratio = median(rows.map((row) => row.ratio));
  console.log(
    `matrix, ${steps} steps, containers started by the gate, ${runs} run(s), medians; ratio = matrix/(sum of singles), run by run`,
  );
  console.log(`${images[0]} s\t${images[1]} s\tsum s\tmatrix s\tratio`);
  console.log(`${a!.toFixed(2)}\t${b!.toFixed(2)}\t${(a! + b!).toFixed(2)}\t${both.toFixed(2)}\t${ratio.toFixed(2)}`);
  console.log(JSON.stringify({ matrix: { images, steps, runs, singles: [a, b], matrix: both, ratio } }));
}

async function parent(sizes: number[]): Promise<void> {
  const image = process.env.MIGRATION_GATE_BENCH_IMAGE ?? testImages()[0]!;
  const runs = Number(process.env.RUNS ?? 3);
  const root = path.resolve('test/.tmp/bench');
  await using server = await provision({ credentials: null, image });
  const { host, port, user, password } = server.credentials;
  const url = `mysql://${user}:${password}@${host}:${port}`;
  const measure = (kind: string, dir: string): Sample =>
    JSON.parse(
      execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', kind, dir, url], {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      }),
    ) as Sample;
  const rows = [];
  for (const steps of sizes) {
    const dir = writeChain(root, steps);
    const bare: Sample[] = [];
    const gate: Sample[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < runs; i++) {
      bare.push(measure('bare', dir));
      gate.push(measure('gate', dir));
      ratios.push(gate.at(-1)!.seconds / bare.at(-1)!.seconds);
      if (gate.at(-1)!.verdict !== 'pass') throw new Error(`the gate did not pass the synthetic chain of ${steps}`);
    }
    rows.push({
      steps,
      bareSeconds: median(bare.map((s) => s.seconds)),
      gateSeconds: median(gate.map((s) => s.seconds)),
      ratio: median(ratios),
      snapshotP50Ms: median(gate.map((s) => s.p50!)),
      snapshotP95Ms: median(gate.map((s) => s.p95!)),
      reads: gate.at(-1)!.reads!,
      peakRssMb: { bare: median(bare.map((s) => s.rssMb)), gate: median(gate.map((s) => s.rssMb)) },
    });
  }
  console.log(`server: ${server.flavor.raw} (${image}), ${runs} run(s) each, medians; ratio = gate/bare, pair by pair`);
  // reads: whole schema / the tables a step changed / found as expected by DDL alone / nothing changed
  console.log('steps\tbare s\tgate s\tratio\tsnapshot ms p50/p95\treads all/some/same/none\tpeak RSS MB bare/gate');
  for (const row of rows)
    console.log(
      `${row.steps}\t${row.bareSeconds.toFixed(2)}\t${row.gateSeconds.toFixed(2)}\t${row.ratio.toFixed(2)}\t${row.snapshotP50Ms.toFixed(1)}/${row.snapshotP95Ms.toFixed(1)}\t\t${row.reads.all}/${row.reads.some}/${row.reads.same}/${row.reads.none}\t\t\t${row.peakRssMb.bare.toFixed(0)}/${row.peakRssMb.gate.toFixed(0)}`,
    );
  console.log(JSON.stringify({ server: server.flavor.raw, image, runs, rows }));
  matrix(writeChain(root, sizes[0]!), sizes[0]!, runs);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
