import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { splitStatements } from '../../src/chain/sql.js';
import { provision } from '../../src/database/provision.js';
import { credentialsFromUrl } from '../../src/config/kinds.js';
import type { Server } from '../../src/database/server.js';
import { diffSchemas } from '../../src/schema/diff.js';
import { inspectSchema } from '../../src/schema/inspect.js';
import { dialectOf, normalise } from '../../src/schema/normalise/index.js';
import { fromSnapshotJson, toSnapshotJson } from '../../src/schema/snapshot.js';
import type { Schema } from '../../src/schema/types.js';
import { fill, tableOf, type Feature } from '../conformance/feature.js';
import { MATRIX, TABLE_FEATURES } from '../conformance/matrix.js';

const FEATURES = [...MATRIX, ...TABLE_FEATURES];
/** Every feature's SQL DDL as MySQL 9.7 reads it; UPDATE_CONFORMANCE_REFERENCE=1 rewrites it from a MySQL run. */
const REFERENCE = path.join(ROOT, 'test/conformance/reference.json');
import { ROOT, runCheck } from './helpers.js';

/** A project with every feature: a Sequelize migration, an SQL migration, Sequelize models and SQL DDL. */
function writeProject(features: Feature[]): string {
  mkdirSync(path.join(ROOT, 'test/.tmp'), { recursive: true });
  const dir = mkdtempSync(path.join(ROOT, 'test/.tmp/conformance-'));
  const tables = features.flatMap((feature) => tablesOf(feature));
  const drops = [...tables].reverse();
  const files: Record<string, string> = {
    'migrations-sequelize/20240101000000-features.js': `'use strict';
module.exports = {
  async up(queryInterface, Sequelize) {
${features.map((feature) => fill(feature.migration, feature)).join('\n')}
  },
  async down(queryInterface) {
${drops.map((table) => `    await queryInterface.dropTable('${table}');`).join('\n')}
  },
};
`,
    'migrations-sql/0001_features.up.sql': features.map((feature) => `${fill(feature.sql, feature)};`).join('\n\n'),
    'migrations-sql/0001_features.down.sql': drops.map((table) => `DROP TABLE ${table};`).join('\n'),
    'schema.sql': features.map((feature) => `${fill(feature.sql, feature)};`).join('\n\n'),
    'models/features.js': `'use strict';
module.exports = (sequelize, DataTypes) => {
${features
  .filter((feature) => typeof feature.model === 'string')
  .map((feature) => `  ${fill(feature.model as string, feature)};`)
  .join('\n')}
};
`,
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** The tables a feature's DDL creates, in order. */
function tablesOf(feature: Feature): string[] {
  return [...fill(feature.sql, feature).matchAll(/create\s+table\s+`?(\w+)`?/gi)].map((match) => match[1]!);
}

function only(schema: Schema, tables: string[]): Schema {
  return { tables: Object.fromEntries(tables.map((table) => [table, schema.tables[table]!])) };
}

const servers = inject('servers');
const summary: string[] = [];

afterAll(() => {
  console.log(`conformance matrix (${FEATURES.length} features):\n${summary.join('\n')}`);
});

describe.each(servers)('conformance on $image', ({ url, image }) => {
  let server: Server;
  let features: Feature[];
  let dir: string;

  beforeAll(async () => {
    server = await provision({ credentials: credentialsFromUrl(url), image });
    features = FEATURES.filter((feature) => !feature.requires?.(server.flavor));
    const skipped = FEATURES.filter((feature) => feature.requires?.(server.flavor));
    const noModel = features.filter((feature) => typeof feature.model !== 'string');
    summary.push(
      `  ${image}: ${features.length} features run, ${skipped.length} skipped` +
        (skipped.length ? ` (${skipped.map((f) => `${f.id}: ${f.requires!(server.flavor)}`).join('; ')})` : '') +
        `; ${noModel.length} without a Sequelize model`,
    );
    dir = writeProject(features);
  });

  afterAll(async () => {
    await server?.[Symbol.asyncDispose]();
  });

  const withoutModel = () =>
    features.filter((feature) => typeof feature.model !== 'string').flatMap((feature) => tablesOf(feature));

  it('a Sequelize migration and a Sequelize model compare equal', async () => {
    const result = await runCheck(url, {
      cwd: dir,
      migrations: 'migrations-sequelize/*.js',
      model: 'models',
      ignoreTables: withoutModel().join(','),
      strictNames: true,
      strictColumnOrder: true,
    });
    expect(result.findings.map((finding) => finding.message)).toEqual([]);
    expect(result.compared.length).toBe(features.flatMap(tablesOf).length - withoutModel().length);
  });

  it('an SQL migration and SQL DDL compare equal', async () => {
    const result = await runCheck(url, {
      cwd: dir,
      migrations: 'migrations-sql/*.sql',
      model: 'schema.sql',
      strictNames: true,
      strictColumnOrder: true,
    });
    expect(result.findings.map((finding) => finding.message)).toEqual([]);
    expect(result.compared.length).toBe(features.flatMap(tablesOf).length);
  });

  it('a Sequelize migration and SQL DDL compare equal', async () => {
    const result = await runCheck(url, {
      cwd: dir,
      migrations: 'migrations-sequelize/*.js',
      model: 'schema.sql',
      strictNames: true,
      strictColumnOrder: true,
    });
    expect(result.findings.map((finding) => finding.message)).toEqual([]);
    expect(result.compared.length).toBe(features.flatMap(tablesOf).length);
  });

  it('reads the same engine-neutral schema as MySQL 9.7 did (test/conformance/reference.json)', async () => {
    const scratch = await server.createScratchSchema('neutral');
    await server.admin.query(`USE \`${scratch}\``);
    for (const feature of features)
      for (const statement of splitStatements(fill(feature.sql, feature))) await server.admin.query(statement.sql);
    const schema = normalise(await inspectSchema(server.admin, scratch, dialectOf(server.flavor)), server.flavor, {
      defaultCollations: server.defaultCollations,
    });
    if (process.env.UPDATE_CONFORMANCE_REFERENCE && server.flavor.kind === 'mysql')
      writeFileSync(REFERENCE, toSnapshotJson(schema));
    const reference = fromSnapshotJson(readFileSync(REFERENCE, 'utf8'));
    // features one engine lacks (e.g. MariaDB's IGNORED indexes) are not in MySQL's reference
    const tables = features.flatMap(tablesOf).filter((table) => table in reference.tables);
    expect(tables.length).toBeGreaterThanOrEqual(features.length - 2);
    expect(diffSchemas(only(reference, tables), only(schema, tables))).toEqual([]);
  });

  it('each deliberate one-attribute change gives exactly one difference naming table, object and attribute', async () => {
    const original = await server.createScratchSchema('original');
    const changed = await server.createScratchSchema('changed');
    const dialect = dialectOf(server.flavor);
    const apply = async (schema: string, sql: string) => {
      await server.admin.query(`USE \`${schema}\``);
      for (const statement of splitStatements(sql)) await server.admin.query(statement.sql);
    };
    const read = async (schema: string) =>
      normalise(await inspectSchema(server.admin, schema, dialect), server.flavor, {
        defaultCollations: server.defaultCollations,
      });
    for (const feature of features) {
      await apply(original, fill(feature.sql, feature));
      await apply(changed, fill(feature.change.sql, feature));
    }
    const [before, after] = [await read(original), await read(changed)];
    const wrong: string[] = [];
    for (const feature of features) {
      const tables = tablesOf(feature);
      const differences = diffSchemas(only(before, tables), only(after, tables));
      const expect = feature.change.expect;
      const want = { table: tableOf(feature), ...expect, name: expect.name && fill(expect.name, feature) };
      const match =
        differences.length === 1 &&
        Object.entries(want).every(([key, value]) => differences[0]![key as keyof (typeof differences)[0]] === value);
      if (!match) wrong.push(`${feature.id}: expected ${JSON.stringify(want)}, got ${JSON.stringify(differences)}`);
    }
    expect(wrong).toEqual([]);
  });
});
