import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import {
  containerOf,
  exists,
  FIXTURES,
  interruptCli,
  projectCopy,
  runCli,
  TODOBOX,
  todoboxVariant,
} from './helpers.js';

const servers = inject('servers');
const [first] = servers;
const CHAIN = ['--migrations', 'migrations/*.ts', '--model', 'models/'];

describe('exit codes and bad input', () => {
  const url = first!.url;
  const cases: { name: string; args: string[]; env?: NodeJS.ProcessEnv; message: RegExp }[] = [
    { name: 'no --migrations', args: ['check', '--cwd', TODOBOX], message: /--migrations is required/ },
    {
      name: 'a glob that matches nothing',
      args: ['check', '--cwd', TODOBOX, '--migrations', 'db/*.js', '--database-url', url],
      message: /--migrations 'db\/\*\.js' matched no migration/,
    },
    {
      name: 'a model path that does not exist',
      args: ['check', '--cwd', TODOBOX, '--migrations', 'migrations/*.ts', '--model', 'nope/'],
      message: /--model nope\/ does not exist/,
    },
    {
      name: 'an unknown --context',
      args: ['check', '--cwd', TODOBOX, ...CHAIN, '--context', 'knex'],
      message: /--context must be/,
    },
    {
      name: 'a bad --step-timeout',
      args: ['check', '--cwd', TODOBOX, ...CHAIN, '--step-timeout', 'soon'],
      message: /--step-timeout must be/,
    },
    { name: 'an unknown flag', args: ['check', '--migraitons', 'x'], message: /Unknown option '--migraitons'/ },
    { name: 'an unknown command', args: ['lint'], message: /unknown command "lint"/ },
    {
      name: 'a --database-url that is not a URL',
      args: ['check', '--cwd', TODOBOX, ...CHAIN, '--database-url', 'localhost'],
      message: /--database-url is not a URL/,
    },
    {
      name: 'an unreachable server',
      args: ['check', '--cwd', TODOBOX, ...CHAIN, '--database-url', 'mysql://root:x@127.0.0.1:1'],
      message: /cannot connect to MySQL at 127\.0\.0\.1:1/,
    },
    {
      name: 'a wrong password',
      args: ['check', '--cwd', TODOBOX, ...CHAIN, '--database-url', url.replace(/:[^:@/]+@/, ':wrong@')],
      message: /cannot connect to MySQL.*Access denied/,
    },
    {
      name: 'Docker unavailable',
      args: ['check', '--cwd', TODOBOX, ...CHAIN],
      env: { DOCKER_HOST: 'tcp://127.0.0.1:1' },
      message: /Docker is not available.*--database-url/,
    },
    {
      // A registry on loopback that refuses: the pull fails without leaving the machine.
      name: 'an image that cannot be pulled',
      args: ['check', '--cwd', TODOBOX, ...CHAIN, '--mysql-image', '127.0.0.1:1/no-such/mysql:1'],
      message: /cannot (get|start) image 127\.0\.0\.1:1\/no-such\/mysql:1/,
    },
    {
      name: 'several images for a command that runs on one server',
      args: [
        'snapshot',
        '--cwd',
        TODOBOX,
        '--migrations',
        'migrations/*.ts',
        '--mysql-image',
        'mysql:8.4,mariadb:11.4',
      ],
      message: /--mysql-image lists 2 images \(mysql:8\.4, mariadb:11\.4\), but snapshot runs on one server/,
    },
    {
      name: 'several images and one --database-url',
      args: ['check', '--cwd', TODOBOX, ...CHAIN, '--database-url', url, '--mysql-image', 'mysql:8.4,mariadb:11.4'],
      message: /--mysql-image lists 2 images, but --database-url gives one server/,
    },
    {
      name: 'an image named twice',
      args: ['check', '--cwd', TODOBOX, ...CHAIN, '--mysql-image', 'mysql:8.4, mysql:8.4'],
      message: /--mysql-image names mysql:8\.4 twice/,
    },
  ];

  it.each(cases)(
    '$name: exit 2 with one clear line, no stack trace, no container started',
    async ({ args, env, message }) => {
      const run = await runCli(args, env);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/^\s+at .*\(.*:\d+:\d+\)$/m);
      expect(run.stdout).toBe('');
      expect(run.stderr).not.toMatch(/container [0-9a-f]{12} is up/);
    },
  );

  it('nothing to compare is an error, never a pass', async () => {
    const dir = projectCopy(path.join(FIXTURES, 'sql-chain'), {
      remove: [
        'migrations/0001_init.up.sql',
        'migrations/0001_init.down.sql',
        'migrations/0002_post_slug.up.sql',
        'migrations/0002_post_slug.down.sql',
      ],
      write: {
        'migrations/0001_noop.up.sql': 'SELECT 1;\n',
        'migrations/0001_noop.down.sql': 'SELECT 1;\n',
        'schema.sql': '-- nothing yet\n',
      },
    });
    const run = await runCli([
      'check',
      '--cwd',
      dir,
      '--migrations',
      'migrations/*.sql',
      '--model',
      'schema.sql',
      '--database-url',
      url,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/nothing to compare/);
  });

  it('--help and --version exit 0', async () => {
    expect((await runCli(['--help'])).stdout).toMatch(/Usage: migration-gate check/);
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe.each(servers)('the CLI on $image', ({ image, url }) => {
  it('exits 0 on the correct todobox and 1 on the outage, naming user.api_token', async () => {
    const pass = await runCli(['check', '--cwd', TODOBOX, ...CHAIN, '--database-url', url]);
    expect(pass.stdout).toMatch(/^PASS /m);
    expect(pass.code).toBe(0);
    const fail = await runCli(['check', '--cwd', todoboxVariant('outage'), ...CHAIN, '--database-url', url]);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toMatch(/^FAIL /m);
    expect(fail.stdout).toMatch(/models\/user\.ts\n {2}models\/user\.ts:\d+ error drift: user\.api_token/);
  });

  it('snapshot writes the schema the chain makes, and check --model accepts it', async () => {
    const dir = todoboxVariant('down-mismatch');
    const written = await runCli([
      'snapshot',
      '--cwd',
      dir,
      '--migrations',
      'migrations/*.ts',
      '--database-url',
      url,
      '--output',
      'schema.json',
    ]);
    expect(written.code).toBe(0);
    expect(written.stderr).toMatch(/wrote schema\.json: 1 table/);
    expect(readFileSync(path.join(dir, 'schema.json'), 'utf8')).toBe(
      readFileSync(path.join(TODOBOX, 'schema.json'), 'utf8'),
    );
    const stdout = await runCli([
      'snapshot',
      '--cwd',
      TODOBOX,
      '--migrations',
      'migrations/*.ts',
      '--database-url',
      url,
    ]);
    expect(stdout.stdout).toBe(readFileSync(path.join(TODOBOX, 'schema.json'), 'utf8'));
    const broken = await runCli([
      'snapshot',
      '--cwd',
      todoboxVariant('migration-error'),
      '--migrations',
      'migrations/*.ts',
      '--database-url',
      url,
    ]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toMatch(/no snapshot written/);
  });

  it('--json prints one parseable report', async () => {
    const run = await runCli(['check', '--cwd', todoboxVariant('outage'), ...CHAIN, '--database-url', url, '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { verdict: string; findings: { kind: string; file: string }[] };
    expect(report.verdict).toBe('fail');
    expect(report.findings).toMatchObject([{ kind: 'drift', file: 'models/user.ts' }]);
  });

  it('starts its own container from --mysql-image and removes it after a pass and after findings', async () => {
    const pass = await runCli(['check', '--cwd', TODOBOX, ...CHAIN, '--mysql-image', image]);
    expect(pass.code).toBe(0);
    expect(exists(containerOf(pass.stderr))).toBe(false);
    const fail = await runCli(['check', '--cwd', todoboxVariant('down-mismatch'), ...CHAIN, '--mysql-image', image]);
    expect(fail.code).toBe(1);
    expect(exists(containerOf(fail.stderr))).toBe(false);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('removes its container when interrupted with %s', async (signal, code) => {
    // the fourth migration sleeps: the container is up and busy
    const run = await interruptCli(
      ['check', '--cwd', todoboxVariant('timeout'), ...CHAIN, '--mysql-image', image],
      'up 4/5',
      signal,
    );
    expect(run.existed).toBe(true);
    expect(run.code).toBe(code);
    expect(exists(run.container)).toBe(false);
  });
});

describe('the report on standard output', () => {
  const url = first!.url;
  const outage = () => ['check', '--cwd', todoboxVariant('outage'), ...CHAIN, '--database-url', url];

  it('colours it when FORCE_COLOR says so, over NO_COLOR, and never with --no-color', async () => {
    const forced = await runCli(outage(), { FORCE_COLOR: '1', NO_COLOR: '1' });
    expect(forced.code).toBe(1);
    expect(forced.stdout).toContain('\u001b[31m');
    expect((await runCli(outage(), { NO_COLOR: '1' })).stdout).not.toContain('\u001b[');
    expect((await runCli([...outage(), '--no-color'], { FORCE_COLOR: '1' })).stdout).not.toContain('\u001b[');
  });

  it('prints SARIF with --format sarif, paths relative to the project', async () => {
    const run = await runCli([...outage(), '--format', 'sarif']);
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout) as {
      version: string;
      runs: {
        results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
      }[];
    };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]!.results.map((result) => result.ruleId)).toEqual(['drift']);
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('models/user.ts');
  });

  it('lists only the steps that are not ok, and every step with --verbose', async () => {
    const args = ['check', '--cwd', TODOBOX, ...CHAIN, '--database-url', url];
    const quiet = await runCli(args);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toContain('\n5 of 5 steps ok (--verbose lists them)\n');
    expect(quiet.stdout).not.toMatch(/^1 {2}20240105090000/m);
    const verbose = await runCli([...args, '--verbose']);
    expect(verbose.stdout).toMatch(/^1 {2}20240105090000-6793349c088c-initial\.ts +ok +ok +ok/m);
    expect(verbose.stdout).toContain('\n5 of 5 steps ok\n');
  });
});
