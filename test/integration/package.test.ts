import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { interpreterOf, onPath } from '../../src/project/process.js';
import { ROOT, TODOBOX, todoboxVariant } from './helpers.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * What users get from the registry: the package packed from the committed dist/, installed into an empty
 * project outside the repository, its bin run through npx and its library imported.
 */
let app: string;
let packed: { files: { path: string }[] };

beforeAll(() => {
  const temp = mkdtempSync(path.join(tmpdir(), 'migration-gate-package-'));
  [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', temp], { cwd: ROOT, encoding: 'utf8' }),
  ) as [typeof packed & { filename: string }];
  const tarball = path.join(temp, (packed as typeof packed & { filename: string }).filename);
  app = path.join(temp, 'app');
  execFileSync('mkdir', [app]);
  writeFileSync(path.join(app, 'package.json'), '{ "name": "app", "private": true, "type": "module" }\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: app, stdio: 'pipe' });
}, 120_000);

describe('the packed package', () => {
  it('holds the bundle, the action, the licence and the types, and installs with no dependencies of its own', () => {
    const files = packed.files.map((file) => file.path);
    expect(files).toEqual(
      expect.arrayContaining(['LICENSE', 'README.md', 'action.yml', 'dist/cli.js', 'dist/index.js', 'dist/lib.js']),
    );
    expect(files).toEqual(expect.arrayContaining(['dist/lib.d.ts', 'dist/typescript.cjs']));
    expect(
      files.filter(
        (file) =>
          !/^(dist\/|LICENSE$|README\.md$|action\.yml$|migration-gate\.schema\.json$|package\.json$)/.test(file),
      ),
    ).toEqual([]);
    expect(readdirSync(path.join(app, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual([
      'migration-gate',
    ]);
    expect(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  it('npx migration-gate --help and --version run the installed bin', async () => {
    const help = await run('npx', ['--no-install', 'migration-gate', '--help'], app);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: migration-gate check/);
    const version = await run('npx', ['--no-install', 'migration-gate', '--version'], app);
    const { version: expected } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(version.stdout.trim()).toBe(expected);
  });

  it('the library imports: check(), defineConfig() and the error classes, with types a TypeScript consumer compiles against', async () => {
    const imported = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import('migration-gate').then((m) => console.log(Object.keys(m).sort().join(',')))",
      ],
      app,
    );
    expect(imported.stdout.trim()).toBe('ConfigError,EXIT,InfraError,check,defineConfig');
    writeFileSync(
      path.join(app, 'consumer.ts'),
      [
        "import { check, defineConfig, type CheckResult, type Finding } from 'migration-gate';",
        "export default defineConfig({ migrations: 'migrations/*.ts', severity: { 'column-order': 'off' } });",
        'export async function errors(): Promise<Finding[]> {',
        "  const result: CheckResult = await check({ migrations: 'migrations/*.ts' });",
        "  return result.findings.filter((finding) => finding.severity === 'error');",
        '}',
        '// @ts-expect-error: not an option',
        "defineConfig({ migration: 'x' });",
      ].join('\n'),
    );
    const tsconfig = { module: 'nodenext', target: 'es2022', strict: true, noEmit: true, types: [] };
    writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: tsconfig, files: ['consumer.ts'] }),
    );
    const tsc = await run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], app);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
  });
});

/** The installed bin's `check` of todobox's chain, with `options`. */
function checkTodobox(...options: string[]): Promise<Run> {
  return run(
    'npx',
    ['--no-install', 'migration-gate', 'check', '--cwd', TODOBOX, '--migrations', 'migrations/*.ts', ...options],
    app,
  );
}

describe.each(inject('servers'))('the installed package checks examples/todobox on $image', ({ url }) => {
  const checkBin = (...options: string[]) => checkTodobox(...options, '--database-url', url);

  it('through the bin', async () => {
    const check = await checkBin('--model', 'models/');
    expect(check.stdout).toMatch(/^PASS {2}0 error\(s\), 0 warning\(s\); 5 migration\(s\), 1 table\(s\) compared/m);
    expect(check.code).toBe(0);
  });

  it('generates the fix of the outage through the bin: proven, printed with --dry-run', async () => {
    const dir = todoboxVariant('outage');
    const flags = ['--migrations', 'migrations/*.ts', '--model', 'models/', '--database-url', url, '--dry-run'];
    const generated = await run('npx', ['--no-install', 'migration-gate', 'generate', '--cwd', dir, ...flags], app);
    expect(generated.stdout).toContain("await queryInterface.addColumn('user', 'api_token'");
    expect(generated.stderr).toContain('proven: the chain with it runs up, down and up again');
    expect(generated.code).toBe(0);
  });

  it('probes the safety of every migration with --lint-all through the bin', async () => {
    const check = await checkBin('--lint-all');
    expect(check.stdout).toMatch(/^Probed on (MySQL|MariaDB) [\d.]+: \d+ statement\(s\) of 5 migration\(s\)/m);
    expect(check.stdout).toContain(
      'warning destructive: 20240315120000-c682ef478e45-drop-token-created-at.ts drops column user.token_created_at',
    );
    expect(check.code).toBe(0);
  });

  it('through the library', async () => {
    const script = `
      import { check } from 'migration-gate';
      const result = await check({ cwd: ${JSON.stringify(TODOBOX)}, migrations: 'migrations/*.ts', model: 'models/', databaseUrl: ${JSON.stringify(url)} });
      console.log(JSON.stringify({ verdict: result.verdict, compared: result.compared, steps: result.steps.length }));
      process.exit(0);
    `;
    const imported = await run(process.execPath, ['--input-type=module', '-e', script], app);
    expect(JSON.parse(imported.stdout.trim().split('\n').at(-1)!)).toEqual({
      verdict: 'pass',
      compared: ['user'],
      steps: 5,
    });
  });
});

describe.each(inject('servers'))(
  'the installed package checks the Alembic chain of examples/flask-todobox on $image',
  ({ url }) => {
    it('through the bin: the outage fails on the model line, exit 1', async () => {
      const project = mkdtempSync(path.join(tmpdir(), 'flask-todobox-'));
      cpSync(path.join(ROOT, 'examples/flask-todobox'), project, { recursive: true });
      rmSync(path.join(project, 'migrations/versions/d1f2e3c4b5a6_ensure_api_token.py'));
      const c682 = path.join(project, 'migrations/versions/c682ef478e45_drop_token_created_at.py');
      writeFileSync(
        c682,
        readFileSync(c682, 'utf8').replace(
          "    op.drop_column('user', 'token_created_at')\n\n",
          "    op.drop_column('user', 'token_created_at')\n    op.drop_index('ix_user_api_token', table_name='user')\n    op.drop_column('user', 'api_token')\n\n",
        ),
      );
      const python = (interpreterOf(onPath('alembic') ?? '') ?? ['python3']).join(' ');
      const check = await run(
        'npx',
        [
          '--no-install',
          'migration-gate',
          'check',
          '--cwd',
          project,
          '--database-url',
          url,
          '--model-command',
          `${python} print_ddl.py`,
        ],
        app,
      );
      expect(check.stdout).toMatch(
        /todobox\/models\.py:17 error drift: user\.api_token .* \(removed by c682ef478e45\)/,
      );
      expect(check.code).toBe(1);
    });
  },
);

describe('the installed package on two engines at once', () => {
  const servers = inject('servers');
  const mysql = servers.find((server) => server.flavor === 'mysql');
  const mariadb = servers.find((server) => server.flavor === 'mariadb');

  // the bin starts a container of each image itself, as a user's `--mysql-image a,b` does
  it('starts both servers, checks the chain on each, and reports a verdict per engine', async () => {
    if (!mysql || !mariadb)
      throw new Error('the engine matrix needs a MySQL and a MariaDB image in MIGRATION_GATE_TEST_IMAGES');
    const check = await checkTodobox(
      '--model',
      'models/',
      '--mysql-image',
      `${mysql.image},${mariadb.image}`,
      '--json',
    );
    expect(check.code, check.stderr).toBe(0);
    const report = JSON.parse(check.stdout) as { verdict: string; engines: { image: string; verdict: string }[] };
    expect(report.verdict).toBe('pass');
    expect(report.engines.map((engine) => [engine.image, engine.verdict])).toEqual([
      [mysql.image, 'pass'],
      [mariadb.image, 'pass'],
    ]);
  });
});
