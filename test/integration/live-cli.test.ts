import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { credentialsFromUrl } from '../../src/config/kinds.js';
import { loadConfig } from '../../src/config/load.js';
import { provision } from '../../src/database/provision.js';
import { InfraError } from '../../src/errors.js';
import { live } from '../../src/live.js';
import { containerOf, exists, projectCopy, runAction, runCli, TODOBOX } from './helpers.js';
import { production, type Production } from './umzug.js';

const servers = inject('servers');
const [first] = servers;
const FILES = readdirSync(path.join(TODOBOX, 'migrations'))
  .sort()
  .map((file) => path.join(TODOBOX, 'migrations', file));
const CHAIN = ['--migrations', 'migrations/*.ts', '--model', 'models/'];

/** The built CLI's `live` on todobox, reading `target`. */
function liveCli(target: string, ...more: string[]) {
  return runCli(['live', '--cwd', TODOBOX, ...CHAIN, '--database-url', target, ...more]);
}

/** A copy of 3e5106ee570c as it was deployed: its index names a column that does not exist, so it fails midway. */
function halfDeployed(): string {
  const file = path.join(projectCopy(TODOBOX), 'migrations', path.basename(FILES[2]!));
  writeFileSync(file, readFileSync(file, 'utf8').replace("['api_token'], { name", "['api_tokn'], { name"));
  return file;
}

describe('live as users run it', () => {
  let prod: Production;
  beforeAll(async () => {
    prod = await production(first!.url);
    await prod.migrate(FILES.slice(0, 2));
    await expect(prod.migrate([...FILES.slice(0, 2), halfDeployed()])).rejects.toThrow();
  });
  afterAll(() => prod.drop());

  it('prints where the database stands, and removes its scratch container', async () => {
    const run = await liveCli(prod.url, '--mysql-image', first!.image);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`looks half-applied at ${path.basename(FILES[2]!)}`);
    expect(run.stdout).toMatch(/^Schema: what the chain gives after .*oauth-columns\.ts, and part of .*api-token\.ts/m);
    expect(run.stdout).toMatch(/^Pending: 3 migration\(s\)/m);
    expect(run.stdout).toContain("Duplicate column name 'api_token'");
    expect(run.stdout).not.toContain(new URL(first!.url).password);
    expect(exists(containerOf(run.stderr))).toBe(false);
  });

  it('runs as the action’s live command, with the deploy prediction in the job summary', async () => {
    const run = await runAction(TODOBOX, {
      command: 'live',
      'database-url': prod.url,
      migrations: 'migrations/*.ts',
      model: 'models/',
      'mysql-image': first!.image,
    });
    expect(run.code).toBe(1);
    expect(run.outputs.result).toBe('fail');
    expect(run.summary).toContain('### Live database');
    expect(run.summary).toContain('half-applied');
    const annotation = run.stdout
      .split('\n')
      .find((line) => line.startsWith('::error') && line.includes('half-applied'));
    expect(annotation).toMatch(/file=migrations\/\d+-3e5106ee570c-api-token\.ts,line=\d+/);
    const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8')) as { live: { pending: string[] } };
    expect(report.live.pending).toHaveLength(3);
    // masked: the runner replaces it wherever the log shows it
    expect(run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'))).not.toContainEqual(
      expect.stringContaining(new URL(first!.url).password),
    );
  });
  it('refuses a scratch server that is the live one under another address', async () => {
    const url = new URL(first!.url);
    // told apart by what the server says it is, not by the name that reaches it
    const alias = url.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
    const run = await liveCli(
      prod.url,
      '--scratch-url',
      `mysql://${url.username}:${url.password}@${alias}:${url.port}`,
    );
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(
      /--scratch-url reaches the server --database-url names, under another name/,
    );
  });
});

describe('live on bad input: one line, exit 2', () => {
  const url = new URL(first!.url);
  const base = `mysql://${url.username}:${url.password}@${url.host}`;
  it.each([
    {
      name: 'an unreachable server',
      target: 'mysql://reader:s3cret-pw@127.0.0.1:9/appdb',
      message:
        /^migration-gate: cannot connect to the live database reader@127\.0\.0\.1:9\/appdb: .*ECONNREFUSED.*check the host and port/,
    },
    {
      name: 'a wrong password',
      target: `mysql://${url.username}:wrong-pw@${url.host}/mysql`,
      message: /cannot connect to the live database .*Access denied.*; check the user and password in the URL/,
    },
    { name: 'no schema in the URL', target: base, message: /--database-url names no schema: live reads one/ },
    {
      name: 'a schema that does not exist',
      target: `${base}/no_such_schema`,
      message: /Unknown database 'no_such_schema'.*; the URL's schema does not exist there/,
    },
    {
      name: 'an unknown ssl-mode',
      target: `${base}/mysql?ssl-mode=sometimes`,
      message: /--database-url \?ssl-mode= takes disabled, required, verify-ca, verify-identity \(got sometimes\)/,
    },
  ])('$name', async ({ target, message }) => {
    const run = await liveCli(target);
    expect(run.code).toBe(2);
    // the error is one line, after at most the line that said what the gate was doing
    const lines = run.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(message);
    expect(lines.length).toBeLessThanOrEqual(2);
    expect(run.stderr).not.toContain('s3cret-pw');
    expect(run.stdout).toBe('');
  });

  it('refuses to replay on the server it reads', async () => {
    const same = await liveCli(`${base}/mysql`, '--scratch-url', base);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/--scratch-url is the server --database-url names/);
  });

  it('refuses TLS parameters where no connection uses them', async () => {
    const scratch = await liveCli(
      `${base}/mysql`,
      '--scratch-url',
      'mysql://root:pw@scratch.invalid:3306?ssl-mode=required',
    );
    expect(scratch.code).toBe(2);
    expect(scratch.stderr).toMatch(/--scratch-url takes no \?ssl-mode=/);
    const check = await runCli(['check', '--cwd', TODOBOX, ...CHAIN, '--database-url', `${base}?ssl-mode=required`]);
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/--database-url has \?ssl-mode=, which only live uses/);
  });
});

describe.each(servers)('live over TLS on $image', ({ url, image, flavor }) => {
  let prod: Production;
  beforeAll(async () => {
    prod = await production(url);
    await prod.migrate(FILES);
  });
  afterAll(() => prod.drop());

  async function runLive(target: string) {
    const config = await loadConfig({ cwd: TODOBOX, migrations: 'migrations/*.ts', databaseUrl: target }, null);
    await using server = await provision({ credentials: credentialsFromUrl(url), image });
    return await live(config, { server });
  }

  it('encrypts with ssl-mode=required where the server has TLS, checks the CA with verify-ca, and says so where it has none', async () => {
    const secured = await mysql
      .createConnection({ uri: url, ssl: { rejectUnauthorized: false } })
      .then(async (connection) => {
        // a container's host name is its id: the port mappings of containers started at once can cross
        const [rows] = await connection.query('SELECT @@datadir AS dir, @@ssl_ca AS ca, @@hostname AS container');
        await connection.end();
        return (rows as { dir: string; ca: string | null; container: string }[])[0]!;
      })
      .catch(() => null);
    if (!secured) {
      const error = await runLive(`${prod.url}?ssl-mode=required`).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InfraError);
      expect((error as Error).message).toMatch(/^cannot connect to the live database .*ssl/i);
      return;
    }
    expect((await runLive(`${prod.url}?ssl-mode=required`)).verdict).toBe('pass');
    // the server's certificate is its own, self-signed: Node's CAs do not trust it
    await expect(runLive(`${prod.url}?ssl-mode=verify-ca`)).rejects.toThrow(
      /self-signed certificate.*; check \?ssl-mode= and \?ssl-ca= in the URL/,
    );
    if (flavor !== 'mysql' || !secured.ca) return;
    const ca = path.join(mkdtempSync(path.join(tmpdir(), 'live-ca-')), 'ca.pem');
    // the data directory is a tmpfs, which docker cp does not read
    writeFileSync(
      ca,
      execFileSync('docker', ['exec', secured.container, 'cat', path.posix.join(secured.dir, secured.ca)]),
    );
    expect((await runLive(`${prod.url}?ssl-mode=verify-ca&ssl-ca=${encodeURIComponent(ca)}`)).verdict).toBe('pass');
  });
});
