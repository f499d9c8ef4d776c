import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import type { RawOptions } from '../../src/config/resolve.js';
import { provision } from '../../src/database/provision.js';
import { credentialsFromUrl } from '../../src/config/kinds.js';
import { live } from '../../src/live.js';
import { statementsIn } from '../../src/schema/touched.js';
import { kinds, projectCopy, relative, ROOT, TODOBOX } from './helpers.js';
import { production, type Production } from './umzug.js';

const CHAIN = { migrations: 'migrations/*.ts', model: 'models/' };
const FILES = readdirSync(path.join(TODOBOX, 'migrations'))
  .sort()
  .map((file) => path.join(TODOBOX, 'migrations', file));
const [, OAUTH, API_TOKEN, DROP_CREATED_AT, ENSURE] = FILES.map((file) => path.basename(file)) as [
  string,
  string,
  string,
  string,
  string,
];

/** A copy of the migration as it was deployed: its index names a column that does not exist, so it fails midway. */
function typo(name: string): string {
  const file = path.join(projectCopy(TODOBOX), 'migrations', name);
  writeFileSync(file, readFileSync(file, 'utf8').replace("['api_token'], { name", "['api_tokn'], { name"));
  return file;
}

describe.each(inject('servers'))('live on $image', ({ url, image }) => {
  const made: Production[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((database) => database.drop()));
  });

  async function database(): Promise<Production> {
    const created = await production(url);
    made.push(created);
    return created;
  }

  /** live() as the CLI runs it, replaying on the test server (the scratch server a workflow's services: gives). */
  async function runLive(target: string, options: RawOptions = {}, cwd = TODOBOX) {
    const config = await loadConfig({ cwd, ...CHAIN, ...options, databaseUrl: target }, null);
    await using server = await provision({ credentials: credentialsFromUrl(url), image });
    return await live(config, { server });
  }

  it('passes a database that is where its meta table says, and runs the pending migrations on its copy', async () => {
    const prod = await database();
    await prod.migrate(FILES.slice(0, 3));
    const result = await runLive(prod.url);
    expect(result.findings.filter((finding) => finding.severity !== 'notice')).toEqual([]);
    expect(result.verdict).toBe('pass');
    expect(result.live).toMatchObject({
      recorded: 3,
      newest: API_TOKEN,
      pending: [DROP_CREATED_AT, ENSURE],
      missing: [],
      state: { at: API_TOKEN, halfApplied: null, drift: 0, asRecorded: true },
      deploy: { steps: 2, failed: null },
    });
    expect(result.compared).toEqual(['user']);
  });

  it('finds hand-made changes, on the migration that last touched each object', async () => {
    const prod = await database();
    await prod.migrate(FILES.slice(0, 3));
    await prod.sql(
      'ALTER TABLE `user` ADD COLUMN nickname VARCHAR(40) NULL; ALTER TABLE `user` MODIFY api_token VARCHAR(64) NULL',
    );
    const result = await runLive(prod.url);
    const drift = result.findings.filter((finding) => finding.kind === 'live-drift');
    expect(drift.map((finding) => [finding.column, finding.migration])).toEqual(
      expect.arrayContaining([
        ['nickname', null],
        ['api_token', API_TOKEN],
      ]),
    );
    const token = drift.find((finding) => finding.column === 'api_token')!;
    expect(relative(result, token)).toBe(`migrations/${API_TOKEN}`);
    expect(token.message).toContain('live database');
    expect(result.live?.state).toMatchObject({ at: API_TOKEN, halfApplied: null, drift: 2, asRecorded: true });
    expect(result.verdict).toBe('fail');
  });

  it('says which migration a database looks half-applied at, and that it fails there again', async () => {
    const prod = await database();
    await prod.migrate(FILES.slice(0, 2));
    // the deploy of 3e5106ee570c died after its columns, before its index: MySQL's DDL is not transactional
    await expect(prod.migrate([...FILES.slice(0, 2), typo(API_TOKEN)])).rejects.toThrow();
    const result = await runLive(prod.url);
    const half = result.findings.find((finding) => finding.kind === 'half-applied')!;
    expect(half).toMatchObject({ migration: API_TOKEN, severity: 'error' });
    expect(half.message).toContain('index ix_user_api_token on user');
    expect(half.message).toContain('user.api_token');
    expect(result.live?.state).toMatchObject({ at: OAUTH, halfApplied: API_TOKEN, drift: 0, asRecorded: true });
    const upgrade = result.findings.find((finding) => finding.kind === 'upgrade-error')!;
    expect(upgrade.migration).toBe(API_TOKEN);
    expect(upgrade.message).toMatch(/Duplicate column name 'api_token'/);
    expect(result.live?.deploy.failed).toBe(API_TOKEN);
    expect(kinds(result).sort()).toEqual(['half-applied', 'upgrade-error']);
    // the model cannot be compared with a deploy that fails: a gap, whatever severity the failure is given
    expect(result.coverage.gaps).toEqual([
      'the model was not compared: the pending migrations fail on the live schema',
    ]);
  });

  it('predicts which pending migration fails on the database as it is, and its hand-made cause', async () => {
    const prod = await database();
    await prod.migrate(FILES.slice(0, 2));
    // a hot fix: the column the next release adds, added by hand, and not as that release adds it
    await prod.sql('ALTER TABLE `user` ADD COLUMN api_token VARCHAR(64) NULL');
    const result = await runLive(prod.url);
    expect(result.live?.pending).toEqual([API_TOKEN, DROP_CREATED_AT, ENSURE]);
    const upgrade = result.findings.find((finding) => finding.kind === 'upgrade-error')!;
    expect(upgrade.migration).toBe(API_TOKEN);
    expect(relative(result, upgrade)).toBe(`migrations/${API_TOKEN}`);
    expect(upgrade.message).toMatch(/Duplicate column name 'api_token'/);
    expect(result.live?.deploy.failed).toBe(API_TOKEN);
    expect(result.live?.state).toMatchObject({ at: OAUTH, halfApplied: null, asRecorded: true, drift: 1 });
    const drift = result.findings.find((finding) => finding.kind === 'live-drift')!;
    expect(drift).toMatchObject({ table: 'user', column: 'api_token' });
    expect(drift.message).toContain('is in the live database but not in the migrations');
    // the model is not compared with a deploy that fails
    expect(result.coverage.tables).toBeNull();
    expect(result.verdict).toBe('fail');
  });

  it('names recorded migrations whose file is gone', async () => {
    const prod = await database();
    await prod.migrate(FILES.slice(0, 3));
    await prod.sql("INSERT INTO SequelizeMeta (name) VALUES ('20240110000000-add-avatars.js')");
    const result = await runLive(prod.url);
    expect(result.live?.missing).toEqual(['20240110000000-add-avatars.js']);
    expect(result.findings).toMatchObject([
      { kind: 'missing-migration', severity: 'warning', migration: '20240110000000-add-avatars.js' },
    ]);
    expect(result.verdict).toBe('pass');
  });

  it('says the schema is not where the meta table says it is', async () => {
    const prod = await database();
    await prod.migrate(FILES.slice(0, 3));
    // a restored backup of an older schema, or a meta table edited by hand
    await prod.sql(`DELETE FROM SequelizeMeta WHERE name = '${API_TOKEN}'`);
    const result = await runLive(prod.url);
    expect(result.live?.state).toMatchObject({ at: API_TOKEN, asRecorded: false, drift: 0 });
    expect(result.findings.find((finding) => finding.kind === 'live-position')?.message).toContain(
      `records 2 migration(s) in SequelizeMeta, up to ${OAUTH}, but its schema is what the chain gives after ${API_TOKEN}`,
    );
    // and the pending migration that already ran would fail there
    expect(result.live?.deploy.failed).toBe(API_TOKEN);
  });

  it('fails the outage before the deploy: the app needs user.api_token, the database will not have it', async () => {
    const prod = await database();
    await prod.migrate(FILES.slice(0, 3));
    const outage = projectCopy(TODOBOX, { remove: [`migrations/${ENSURE}`] });
    writeFileSync(
      path.join(outage, 'migrations', DROP_CREATED_AT),
      readFileSync(path.join(ROOT, 'test/fixtures/todobox-variants/outage/migrations', DROP_CREATED_AT), 'utf8'),
    );
    const result = await runLive(prod.url, {}, outage);
    expect(kinds(result)).toEqual(['drift']);
    const [drift] = result.findings;
    expect(drift).toMatchObject({ table: 'user', column: 'api_token' });
    expect(relative(result, drift!)).toBe('models/user.ts');
    expect(drift!.message).toContain('is in the model but not in the live database after the deploy');
  });

  it('reads with SELECT and SHOW only: a user with the README’s grants is enough', async () => {
    const prod = await database();
    await prod.migrate(FILES.slice(0, 2));
    await prod.sql('CREATE VIEW active_users AS SELECT id, email FROM `user`');
    const reader = await prod.reader();
    const admin = await mysql.createConnection(url);
    try {
      await admin.query("SET GLOBAL log_output = 'TABLE'");
      await admin.query('SET GLOBAL general_log = 1');
      const result = await runLive(reader.url);
      expect(result.live).toMatchObject({ recorded: 2, views: 1, state: { asRecorded: true, drift: 0 } });
      expect(result.verdict).toBe('pass');
      const [rows] = await admin.query(
        'SELECT command_type AS command, CONVERT(argument USING utf8mb4) AS argument FROM mysql.general_log WHERE user_host LIKE ?',
        [`${reader.user}[%`],
      );
      const logged = rows as { command: string; argument: string }[];
      const statements = logged.filter((row) => row.command === 'Query').flatMap((row) => statementsIn(row.argument));
      expect(statements.length).toBeGreaterThanOrEqual(4);
      expect(statements.filter((statement) => !/^(SELECT|SHOW)\b/i.test(statement))).toEqual([]);
      expect(
        logged.map((row) => row.command).filter((command) => !['Connect', 'Query', 'Quit'].includes(command)),
      ).toEqual([]);
    } finally {
      await admin.query('SET GLOBAL general_log = 0');
      await admin.end();
    }
  });
});
