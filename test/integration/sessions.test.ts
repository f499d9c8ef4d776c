import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { isStep } from '../../src/chain/types.js';
import { provision } from '../../src/database/provision.js';
import { credentialsFromUrl } from '../../src/config/kinds.js';
import type { Credentials } from '../../src/database/server.js';
import { hostSetup, ProjectHost } from '../../src/project/host.js';
import type { StepFailed } from '../../src/replay/failure.js';
import { ROOT, runCheck } from './helpers.js';

/**
 * Each pass starts on fresh sessions, as production runs each migration on a session of its own: what a
 * migration leaves on its connection (a temporary table, FOREIGN_KEY_CHECKS=0, a user variable) must not
 * reach the next pass, on the gate's own connections or the app's. And a step's statements come back with
 * the errors the server returned, also the ones the migration caught.
 */

/** A small project in test/.tmp (its `require('sequelize')` finds the repository's), with these files. */
function project(files: Record<string, string>): string {
  const base = path.join(ROOT, 'test/.tmp');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(path.join(base, 'sessions-'));
  writeFileSync(path.join(dir, 'package.json'), '{ "name": "sessions", "private": true }\n');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** A migration whose up and down run these statements on its context, whichever kind it is. */
function migration(up: string[], down: string[]): string {
  return `'use strict';
// the Sequelize context (a QueryInterface) and the mysql2 one (a connection) both take raw SQL
const run = (context, sql) => (context.sequelize ? context.sequelize.query(sql) : context.query(sql));

module.exports = {
  async up(context) {
${up.map((sql) => `    await run(context, ${JSON.stringify(sql)});`).join('\n')}
  },
  async down(context) {
${down.map((sql) => `    await run(context, ${JSON.stringify(sql)});`).join('\n')}
  },
};
`;
}

const LEAVE_BEHIND = [
  'CREATE TEMPORARY TABLE temp_x AS SELECT 1 AS x',
  'SET FOREIGN_KEY_CHECKS = 0',
  "SET @marker = 'left behind'",
  "SET time_zone = '+05:00'",
  "SET sql_mode = 'ANSI_QUOTES'",
];
/** The down: writes down the session it runs on, then creates the temporary table again. */
const PROBE = [
  'CREATE TABLE session_state AS SELECT @@foreign_key_checks AS fkc, @marker AS marker, @@session.time_zone AS tz, @@session.sql_mode AS mode',
  'CREATE TEMPORARY TABLE temp_x AS SELECT 1 AS x',
];

/** A parent and a child that references it; the down drops the parent first, which FOREIGN_KEY_CHECKS refuses. */
const PARENT_AND_CHILD = migration(
  [
    'CREATE TABLE parent (id INT PRIMARY KEY)',
    'CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, FOREIGN KEY (parent_id) REFERENCES parent (id))',
  ],
  ['DROP TABLE parent', 'DROP TABLE child'],
);
/** A later migration that turns the checks off on its connection and never back on. */
const CHECKS_OFF = migration(
  ['SET FOREIGN_KEY_CHECKS = 0', 'ALTER TABLE child ADD COLUMN note VARCHAR(20)'],
  ['ALTER TABLE child DROP COLUMN note'],
);

const outcomes = (result: Awaited<ReturnType<typeof runCheck>>) =>
  result.steps.map((step) => [step.up.outcome, step.down.outcome, step.reup.outcome]);

describe.each(inject('servers'))('fresh sessions and the statements sent, on $image', ({ url }) => {
  /** The project's host on a chain schema of its own, as check() sets it up, with the chain loaded. */
  async function hosted(
    dir: string,
    context: 'sequelize' | 'mysql2',
    variables: (schema: string, credentials: Credentials) => Record<string, string> = () => ({}),
  ) {
    const server = await provision({ credentials: credentialsFromUrl(url), image: '' });
    const host = new ProjectHost(hostSetup({ cwd: dir, context, sequelize: {} }), 30_000);
    const schema = await server.createScratchSchema('chain');
    await host.prepare();
    await host.connect(server, variables(schema, server.credentials));
    const chain = await host.loadChain([path.join(dir, 'migrations/001-step.js')], dir);
    const step = chain.entries.filter(isStep)[0]!;
    const session = await host.openSession(schema);
    const state = async () => {
      const [rows] = await server.admin.query(`SELECT * FROM \`${schema}\`.session_state`);
      await server.admin.query(`DROP TABLE \`${schema}\`.session_state`);
      return (rows as { fkc: number; marker: string | null; tz: string; mode: string }[])[0]!;
    };
    return {
      host,
      session,
      step,
      state,
      async [Symbol.asyncDispose]() {
        await session[Symbol.asyncDispose]();
        await host[Symbol.asyncDispose]();
        await server[Symbol.asyncDispose]();
      },
    };
  }

  const failureOf = (run: Promise<void>) =>
    run.then(
      () => null,
      (error: StepFailed) => error.failure.message,
    );

  it.each(['sequelize', 'mysql2'] as const)(
    'renew() on the %s context: a temporary table, FOREIGN_KEY_CHECKS, a user variable, time_zone and sql_mode left behind are gone',
    async (context) => {
      const dir = project({ 'migrations/001-step.js': migration(LEAVE_BEHIND, PROBE) });
      await using chain = await hosted(dir, context);
      const { session, step, state } = chain;
      await step.up(session.step);
      // on the same session, the down sees everything the up left behind
      expect(await failureOf(step.down!(session.step))).toMatch(/temp_x.* already exists/);
      expect(await state()).toMatchObject({ fkc: 0, marker: 'left behind', tz: '+05:00', mode: 'ANSI_QUOTES' });
      await session.renew();
      expect(await failureOf(step.down!(session.step))).toBeNull();
      const fresh = await state();
      expect(fresh).toMatchObject({ fkc: 1, marker: null });
      expect(fresh.tz).not.toBe('+05:00');
      expect(fresh.mode).not.toBe('ANSI_QUOTES');
      // the context object the steps received still works, and renewing again is harmless
      await session.renew();
      await session.renew();
      await step.up(session.step);
      expect(chain.host.lateFailures()).toEqual([]);
    },
  );

  it("renew() resets the app's own connections: a temporary table made through the app's Sequelize is gone", async () => {
    const dir = project({
      'src/db.js': `'use strict';
const { Sequelize } = require('sequelize');
const mysql = require('mysql2');
// a bare connection with no 'error' listener: mysql2 throws its loss when the gate kills it idle
const bare = mysql.createConnection(process.env.DATABASE_URL);
bare.query('SELECT 1');
module.exports = { sequelize: new Sequelize(process.env.DATABASE_URL, { logging: false }), bare };
`,
      'migrations/001-step.js': `'use strict';
const { sequelize } = require('../src/db');
module.exports = {
  async up() {
    await sequelize.query('CREATE TEMPORARY TABLE temp_app AS SELECT 1 AS x');
  },
  async down() {},
};
`,
    });
    await using chain = await hosted(dir, 'sequelize', (schema, { user, password, host, port }) => ({
      DATABASE_URL: `mysql://${user}:${password}@${host}:${port}/${schema}`,
    }));
    const { session, step } = chain;
    await step.up(session.step);
    expect(await failureOf(step.up(session.step))).toMatch(/temp_app.* already exists/);
    await session.renew();
    expect(await failureOf(step.up(session.step))).toBeNull();
    // the app's killed connections went quietly: their loss is no late failure of the project's code
    expect(chain.host.lateFailures()).toEqual([]);
  });

  it('statements(): an ALTER the migration caught is there, in order, with the server’s error', async () => {
    const dir = project({
      'migrations/001-step.js': `'use strict';
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('things', { id: { type: Sequelize.INTEGER, primaryKey: true } });
    await queryInterface.addColumn('things', 'name', { type: Sequelize.STRING(20) }).catch(() => 'done');
    await queryInterface.addColumn('things', 'name', { type: Sequelize.STRING(20) }).catch(() => 'done');
  },
  async down(queryInterface) {
    await queryInterface.dropTable('things');
  },
};
`,
    });
    await using chain = await hosted(dir, 'sequelize');
    const { session, step } = chain;
    await step.up(session.step);
    // each statement once, in the order sent (after Sequelize's own SELECT VERSION() on its first connection)
    expect(session.statements().filter((statement) => !/VERSION\(\)/.test(statement.sql))).toEqual([
      { sql: expect.stringMatching(/^CREATE TABLE IF NOT EXISTS `things`/), error: null },
      { sql: 'ALTER TABLE `things` ADD `name` VARCHAR(20);', error: null },
      { sql: 'ALTER TABLE `things` ADD `name` VARCHAR(20);', error: expect.stringMatching(/Duplicate column/) },
    ]);
    expect(session.statements()).toEqual([]);
  });

  it('statements(): the mysql2 context and SQL migrations record the server’s error too', async () => {
    const dir = project({
      'migrations/001-step.js': migration(['CREATE TABLE things (id INT PRIMARY KEY)'], ['DROP TABLE things']),
    });
    await using chain = await hosted(dir, 'mysql2');
    const { session, step } = chain;
    await step.up(session.step);
    expect(await failureOf(step.up(session.step))).toMatch(/already exists/);
    expect(session.statements()).toEqual([
      { sql: 'CREATE TABLE things (id INT PRIMARY KEY)', error: null },
      { sql: 'CREATE TABLE things (id INT PRIMARY KEY)', error: expect.stringMatching(/'things' already exists/) },
    ]);
  });

  // The passes below rely on the replay renewing the session at the start of the down pass, the re-up
  // pass and each rebuild (check.ts: `fresh: () => session.renew()`).
  it('a temporary table a Sequelize migration never drops: up, down and re-up pass', async () => {
    const dir = project({
      'migrations/001-step.js': `'use strict';
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('things', { id: { type: Sequelize.INTEGER, primaryKey: true } });
    await queryInterface.sequelize.query('CREATE TEMPORARY TABLE temp_x AS SELECT id FROM things');
  },
  async down(queryInterface) {
    await queryInterface.dropTable('things');
  },
};
`,
    });
    const result = await runCheck(url, { cwd: dir, migrations: 'migrations/*.js' });
    expect(result.findings).toEqual([]);
    expect(outcomes(result)).toEqual([['ok', 'ok', 'ok']]);
  });

  it.each(['sequelize', 'mysql2'] as const)(
    'FOREIGN_KEY_CHECKS=0 left on a %s connection does not reach the down pass: dropping a parent first fails there',
    async (context) => {
      const dir = project({ 'migrations/001-tables.js': PARENT_AND_CHILD, 'migrations/002-checks-off.js': CHECKS_OFF });
      const result = await runCheck(url, { cwd: dir, migrations: 'migrations/*.js', context });
      expect(result.context).toBe(context);
      // exactly the one failure production would have: nothing else, no fallback of the snapshots
      expect(result.findings.map((finding) => finding.kind)).toEqual(['migration-error']);
      const failed = result.findings.filter((finding) => finding.kind === 'migration-error');
      expect(failed).toEqual([
        expect.objectContaining({ migration: '001-tables.js', direction: 'down', severity: 'error' }),
      ]);
      expect(result.steps[0]!.down.outcome).toBe('failed');
    },
  );

  it("the app's own connection starts each pass fresh: a temporary table it never drops", async () => {
    const dir = project({
      'src/db.js': `'use strict';
const { Sequelize } = require('sequelize');
module.exports = { sequelize: new Sequelize(process.env.DATABASE_URL, { logging: false }) };
`,
      'migrations/001-step.js': `'use strict';
const { sequelize } = require('../src/db');
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('things', { id: { type: Sequelize.INTEGER, primaryKey: true } });
    await sequelize.query('CREATE TEMPORARY TABLE temp_app AS SELECT id FROM things');
  },
  async down(queryInterface) {
    await queryInterface.dropTable('things');
  },
};
`,
    });
    const result = await runCheck(url, {
      cwd: dir,
      migrations: 'migrations/*.js',
      env: 'DATABASE_URL=mysql://{user}:{password}@{host}:{port}/{database}',
    });
    expect(result.findings).toEqual([]);
    expect(outcomes(result)).toEqual([['ok', 'ok', 'ok']]);
  });
});
