/**
 * `live` against a database of TABLES tables (default 100) made by as many SQL migrations, on each image of
 * MIGRATION_GATE_TEST_IMAGES (or the arguments): a live server and a scratch server, so that the time is
 * the command's own, without a container start. Medians of RUNS runs, with the reads of the live server.
 * Run: node scripts/run-ts.mjs bench/live.ts [image ...]
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { loadConfig } from '../src/config/load.js';
import { provision } from '../src/database/provision.js';
import { live } from '../src/live.js';
import { testImages } from '../test/integration/images.js';

const runs = Number(process.env.RUNS ?? 3);
const tables = Number(process.env.TABLES ?? 100);
const images = process.argv.slice(2).length > 0 ? process.argv.slice(2) : testImages();

/** A project whose every migration creates a table with a few columns, an index and a key to the one before. */
function project(): { dir: string; files: { name: string; sql: string }[] } {
  mkdirSync('test/.tmp', { recursive: true });
  const dir = mkdtempSync(path.resolve('test/.tmp/bench-live-'));
  mkdirSync(path.join(dir, 'migrations'));
  const files = Array.from({ length: tables }, (_, i) => {
    const name = `${String(i + 1).padStart(4, '0')}-table-${i + 1}.up.sql`;
    const reference =
      i === 0 ? '' : `, parent_id INT NULL, CONSTRAINT fk_t${i + 1} FOREIGN KEY (parent_id) REFERENCES t${i} (id)`;
    const sql = `CREATE TABLE t${i + 1} (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, created_at DATETIME NULL, KEY ix_t${i + 1}_name (name)${reference});`;
    writeFileSync(path.join(dir, 'migrations', name), sql);
    writeFileSync(path.join(dir, 'migrations', name.replace('.up.sql', '.down.sql')), `DROP TABLE t${i + 1};`);
    return { name, sql };
  });
  return { dir, files };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

console.log(`tables\timage\tlive s\tread ms\tround trips\tdeploy ms`);
for (const image of images) {
  await using production = await provision({ credentials: null, image });
  await using scratch = await provision({ credentials: null, image });
  const { dir, files } = project();
  await production.admin.query(
    `CREATE DATABASE appdb; USE appdb; ${files.map((file) => file.sql).join('\n')}
     CREATE TABLE SequelizeMeta (name VARCHAR(255) NOT NULL PRIMARY KEY);
     INSERT INTO SequelizeMeta VALUES ${files.map((file) => `(${mysql.escape(file.name)})`).join(', ')};`,
  );
  const { host, port, user, password } = production.credentials;
  const config = await loadConfig(
    { cwd: dir, migrations: 'migrations/*.sql', databaseUrl: `mysql://${user}:${password}@${host}:${port}/appdb` },
    null,
  );
  const totals: number[] = [];
  const reads: number[] = [];
  const deploys: number[] = [];
  let roundTrips = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = await live(config, { server: scratch });
    totals.push(performance.now() - started);
    if (result.verdict !== 'pass' || result.live?.state?.drift !== 0)
      throw new Error(`expected a clean pass: ${JSON.stringify(result.findings.map((finding) => finding.message))}`);
    reads.push(result.live!.reads.ms);
    deploys.push(result.live!.deploy.ms);
    roundTrips = result.live!.reads.roundTrips;
  }
  console.log(
    `${tables}\t${image}\t${(median(totals) / 1000).toFixed(2)}\t${median(reads).toFixed(0)}\t${roundTrips}\t${median(deploys).toFixed(0)}`,
  );
}
