import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { generate } from '../../src/generate.js';
import { FIXTURES, kinds, ROOT, runCheck, runCli } from './helpers.js';

const LINES = path.join(FIXTURES, 'typescript-lines');

/** Each line, the TypeScript its projects install, and the compiler the gate must choose for it. */
const TYPESCRIPT_LINES = [
  { line: 'ts-4.9', version: '4.9.5', compiler: /^the project's TypeScript 4\.9\.5 with tsconfig\.json$/ },
  { line: 'ts-5.9', version: '5.9.3', compiler: /^the project's TypeScript 5\.9\.3 with tsconfig\.json$/ },
  { line: 'ts-6.0', version: '6.0.3', compiler: /^the project's TypeScript 6\.0\.3 with tsconfig\.json$/ },
  {
    line: 'ts-7',
    version: '7.0.2',
    compiler:
      /^the bundled TypeScript 5\.9\.\d+ \(the project's 7\.0\.2 has no JavaScript compiler API\) with tsconfig\.json$/,
  },
  { line: 'none', version: null, compiler: /^the bundled TypeScript 5\.9\.\d+ with tsconfig\.json$/ },
] as const;

/** The packages the app needs besides TypeScript, linked from the repository's node_modules. */
const APP_PACKAGES = ['sequelize', 'sequelize-typescript', 'reflect-metadata', 'mysql2'];

/** TypeScript `version`, installed once per machine from the npm registry into test/.tmp. */
function installedTypeScript(version: string): string {
  const prefix = path.join(ROOT, 'test/.tmp/typescript', version);
  const installed = path.join(prefix, 'node_modules/typescript');
  if (existsSync(path.join(installed, 'package.json'))) return installed;
  mkdirSync(prefix, { recursive: true });
  writeFileSync(path.join(prefix, 'package.json'), '{ "name": "typescript-cache", "private": true }\n');
  // TypeScript 7's native compiler comes as an optional dependency; the gate never runs it.
  execFileSync(
    'npm',
    [
      'install',
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--omit=optional',
      `typescript@${version}`,
    ],
    { cwd: prefix, stdio: 'pipe' },
  );
  return installed;
}

/**
 * The app as a project on `line`, outside the repository so that no other TypeScript can be found
 * from it: its own package.json and tsconfig, and in node_modules the app's packages and the line's
 * TypeScript, as `npm install` would leave them.
 */
function projectOn(line: (typeof TYPESCRIPT_LINES)[number]): string {
  const dir = mkdtempSync(path.join(tmpdir(), `migration-gate-${line.line}-`));
  cpSync(path.join(LINES, 'app'), dir, { recursive: true });
  cpSync(path.join(LINES, 'lines', line.line), dir, { recursive: true });
  mkdirSync(path.join(dir, 'node_modules'));
  for (const name of APP_PACKAGES)
    symlinkSync(path.join(ROOT, 'node_modules', name), path.join(dir, 'node_modules', name), 'dir');
  if (line.version) symlinkSync(installedTypeScript(line.version), path.join(dir, 'node_modules/typescript'), 'dir');
  return dir;
}

const projects = new Map<string, string>();

/** A copy of a line's project to change, its node_modules links kept as links. */
function copyOf(line: string, purpose: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `migration-gate-${line}-${purpose}-`));
  cpSync(projects.get(line)!, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

beforeAll(() => {
  for (const line of TYPESCRIPT_LINES) projects.set(line.line, projectOn(line));
}, 300_000);

const servers = inject('servers');
const options = { migrations: 'migrations/*.ts', model: 'models' };

describe.each(servers)('a sequelize-typescript project on each TypeScript line, on $image', ({ url }) => {
  it.each(TYPESCRIPT_LINES)('$line: loads through the right compiler and equals its chain', async (line) => {
    const cwd = projects.get(line.line)!;
    const result = await runCheck(url, { ...options, cwd });
    expect(kinds(result)).toEqual([]);
    // birthday was added after the timestamps, which Sequelize puts last: as in real chains, a warning.
    expect(kinds(result, 'warning')).toEqual(['column-order']);
    expect(result.verdict).toBe('pass');
    expect(result.compared.sort()).toEqual(['posts', 'users']);
    expect(result.steps.map((step) => [step.up.outcome, step.down.outcome, step.reup.outcome])).toEqual([
      ['ok', 'ok', 'ok'],
      ['ok', 'ok', 'ok'],
      ['ok', 'ok', 'ok'],
    ]);
    const compiler = result.notes.find((note) => note.startsWith('TypeScript: '))?.slice('TypeScript: '.length);
    expect(compiler).toMatch(line.compiler);
  });
});

describe('each TypeScript line, whatever the engine', () => {
  const [server] = servers;

  it.each(TYPESCRIPT_LINES)('$line: a migration that does not parse is one load-error on its line', async (line) => {
    const dir = copyOf(line.line, 'broken');
    const file = path.join(dir, 'migrations/20240102000000-create-posts.ts');
    const lines = readFileSync(file, 'utf8').split('\n');
    const broken = lines.findIndex((text) => text.includes('title: { type: DataTypes.STRING'));
    lines[broken] = '    title: { type: DataTypes.STRING allowNull: true },';
    writeFileSync(file, lines.join('\n'));
    const result = await runCheck(server!.url, { ...options, cwd: dir });
    expect(kinds(result)).toEqual(['load-error']);
    expect(result.findings[0]).toMatchObject({ kind: 'load-error', line: broken + 1 });
    expect(result.findings[0]!.message).toMatch(/',' expected/);
  });

  it.each(TYPESCRIPT_LINES.filter((line) => line.line === 'ts-7' || line.line === 'none'))(
    '$line through the built CLI: the bundled TypeScript ships inside dist/',
    async (line) => {
      const run = await runCli([
        'check',
        '--cwd',
        projects.get(line.line)!,
        ...['--migrations', options.migrations, '--model', options.model, '--database-url', server!.url],
      ]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        /^PASS {2}0 error\(s\), 1 warning\(s\); 3 migration\(s\), 2 table\(s\) compared with the model$/m,
      );
      expect(run.stdout).toMatch(/^TypeScript: the bundled TypeScript 5\.9\.\d+ .*with tsconfig\.json$/m);
      // The first migration's own console.log at load time reaches the user.
      expect(run.stdout).toContain('== 20240101000000-create-users: migrating');
    },
  );

  it.each(TYPESCRIPT_LINES)(
    "$line: generate proves the migration for a model's new column through this line's compiler",
    async (line) => {
      const dir = copyOf(line.line, 'generate');
      const model = path.join(dir, 'models/user.model.ts');
      writeFileSync(
        model,
        readFileSync(model, 'utf8').replace(
          '  declare birthday: Date;\n',
          '  declare birthday: Date;\n\n  @Column\n  declare nickname: string;\n',
        ),
      );
      const config = await loadConfig({ ...options, cwd: dir, databaseUrl: server!.url }, null);
      const generated = await generate(config, { dryRun: true, allowDestructive: false, name: null });
      expect(generated.problems).toEqual([]);
      expect(generated.outcome).toBe('printed');
      expect(generated.files.map((file) => file.file)).toEqual([
        expect.stringMatching(/^migrations\/\d{14}-add-nickname\.ts$/),
      ]);
      // the newest migration's form: an ES module's default export, sequelize-cli's parameters
      expect(generated.files[0]!.text).toContain(
        "export default {\n  async up(queryInterface: QueryInterface, Sequelize: typeof DataTypes) {\n    await queryInterface.addColumn('users', 'nickname', { type: Sequelize.STRING(255), allowNull: true, after: ",
      );
      // a project with no Prettier of its own: as generated
      expect(generated.notes).toEqual([]);
    },
  );

  it('a broken tsconfig is one error naming it, before anything loads', async () => {
    const dir = copyOf('ts-4.9', 'tsconfig-broken');
    writeFileSync(path.join(dir, 'tsconfig.json'), '{ "extends": "./tsconfig.missing.json" }\n');
    const run = await runCli([
      'check',
      '--cwd',
      dir,
      ...['--migrations', options.migrations, '--database-url', server!.url],
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^migration-gate: .*tsconfig\.json: .*tsconfig\.missing\.json/);
  });
});
