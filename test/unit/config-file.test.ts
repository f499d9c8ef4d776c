import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, parseConfig } from '../../src/config/file.js';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';
import { applyIgnoreRules, applySeverities } from '../../src/findings/ignore.js';
import { aFinding } from './results.js';
import type { Finding } from '../../src/findings/types.js';

const FILE = '/project/migration-gate.config.json';

describe('parseConfig', () => {
  it('reads every option in the types the file uses', () => {
    const { options } = parseConfig(
      {
        migrations: 'db/*.ts',
        model: 'models/',
        mysqlImage: 'mariadb:11.4',
        context: 'sequelize',
        tables: ['users', 'posts'],
        ignoreTables: ['audit'],
        strictNames: true,
        strictColumnOrder: false,
        stepTimeout: 90,
        metaTable: 'migrations_meta',
      },
      FILE,
    );
    expect(options).toEqual({
      migrations: 'db/*.ts',
      model: 'models/',
      mysqlImage: 'mariadb:11.4',
      context: 'sequelize',
      tables: 'users,posts',
      ignoreTables: 'audit',
      strictNames: true,
      strictColumnOrder: false,
      stepTimeout: '90',
      metaTable: 'migrations_meta',
    });
  });

  it.each([
    [{ migratons: 'x' }, /unknown key "migratons"/],
    [{ strictNames: 'yes' }, /"strictNames" must be true or false/],
    [{ tables: 'users' }, /"tables" must be an array of names/],
    [{ ignore: {} }, /"ignore" must be an array/],
    [{ ignore: [{ table: 'user' }] }, /ignore\[0\] needs a "reason"/],
    [{ ignore: [{ reason: 'legacy' }] }, /ignore\[0\] needs a "table"/],
    [{ ignore: [{ table: 'user', reason: 'x', colum: 'a' }] }, /ignore\[0\] has an unknown key "colum"/],
    [[], /expected an object of options/],
  ])('names the file and the key for %j', (content, message) => {
    expect(() => parseConfig(content, FILE)).toThrow(ConfigError);
    expect(() => parseConfig(content, FILE)).toThrow(message);
    expect(() => parseConfig(content, FILE)).toThrow(FILE);
  });
});

describe('loadConfig', () => {
  const project = () => mkdtempSync(path.join(tmpdir(), 'migration-gate-config-'));

  it('takes options from the config file, and flags override them', async () => {
    const cwd = project();
    writeFileSync(
      path.join(cwd, 'migration-gate.config.json'),
      JSON.stringify({
        migrations: 'db/*.js',
        stepTimeout: '2m',
        strictNames: true,
        ignore: [{ table: 'a', reason: 'r' }],
      }),
    );
    const fromFile = await loadConfig({ cwd }, null);
    expect(fromFile).toMatchObject({ migrations: 'db/*.js', stepTimeoutMs: 120_000, strictNames: true });
    expect(fromFile.ignore).toEqual([{ table: 'a', reason: 'r' }]);
    expect(fromFile.configFile).toBe(path.join(cwd, 'migration-gate.config.json'));
    const overridden = await loadConfig({ cwd, migrations: 'other/*.js', strictNames: false, stepTimeout: '' }, null);
    expect(overridden).toMatchObject({ migrations: 'other/*.js', strictNames: false, stepTimeoutMs: 120_000 });
  });

  it('reads a .ts config module, and a named file', async () => {
    const cwd = project();
    writeFileSync(
      path.join(cwd, 'gate.config.ts'),
      "const config: { migrations: string } = { migrations: 'migrations/*.ts' };\nexport default config;\n",
    );
    expect(await loadConfigFile(cwd, null)).toBeNull();
    expect((await loadConfig({ cwd }, 'gate.config.ts')).migrations).toBe('migrations/*.ts');
    await expect(loadConfig({ cwd }, 'missing.json')).rejects.toThrow(/--config missing\.json does not exist/);
  });

  it('says which file is broken', async () => {
    const cwd = project();
    writeFileSync(path.join(cwd, 'migration-gate.config.json'), '{ "migrations": ');
    await expect(loadConfig({ cwd }, null)).rejects.toThrow(/migration-gate\.config\.json: .*JSON/);
  });
});

describe('applyIgnoreRules', () => {
  const drift = (table: string, column: string, attribute: string | null = null): Finding => ({
    kind: 'drift',
    severity: 'error',
    message: `${table}.${column} differs`,
    file: null,
    line: null,
    table,
    column,
    migration: null,
    direction: null,
    differences: [
      {
        kind: attribute ? 'changed' : 'missing',
        object: 'column',
        table,
        name: column,
        attribute,
        expected: 1,
        actual: 2,
      },
    ],
  });

  it('turns a matched finding into a notice carrying the reason, and leaves the others', () => {
    const [ignored, kept] = applyIgnoreRules(
      [drift('legacy_users', 'nick'), drift('users', 'nick')],
      [{ table: 'legacy_*', reason: 'dropped in Q3' }],
    );
    expect(ignored).toMatchObject({ severity: 'notice', ignored: 'dropped in Q3' });
    expect(ignored!.message).toContain('(ignored: dropped in Q3)');
    expect(kept!.severity).toBe('error');
  });

  it.each([
    [{ table: 'users', column: 'nick', reason: 'r' }, true],
    [{ table: 'users', column: 'name', reason: 'r' }, false],
    [{ table: 'users', attribute: 'type', reason: 'r' }, true],
    [{ table: 'users', attribute: 'default', reason: 'r' }, false],
    [{ table: 'users', kind: 'drift' as const, reason: 'r' }, true],
    [{ table: 'users', kind: 'column-order' as const, reason: 'r' }, false],
    [{ table: 'posts', reason: 'r' }, false],
  ])('rule %j matches: %s', (rule, expected) => {
    const [finding] = applyIgnoreRules([drift('users', 'nick', 'type')], [rule]);
    expect(finding!.severity === 'notice').toBe(expected);
  });
});

describe('severity per kind', () => {
  it('reads known kinds with error, warning or off, and refuses anything else naming the file', () => {
    expect(parseConfig({ severity: { 'column-order': 'off', 'name-only': 'error' } }, '/p/c.json').severity).toEqual({
      'column-order': 'off',
      'name-only': 'error',
    });
    expect(() => parseConfig({ severity: { 'column-orders': 'off' } }, '/p/c.json')).toThrow(
      /\/p\/c\.json: severity "column-orders" is not a finding kind/,
    );
    expect(() => parseConfig({ severity: { drift: 'fatal' } }, '/p/c.json')).toThrow(
      /must be "error", "warning" or "off"/,
    );
  });

  it('drops kinds turned off, changes the others, and leaves accepted notices alone', () => {
    const findings = [
      aFinding({ kind: 'column-order', severity: 'warning' }),
      aFinding({ kind: 'name-only', severity: 'warning' }),
      aFinding({ kind: 'drift', severity: 'error' }),
      aFinding({ kind: 'drift', severity: 'notice' }),
    ];
    const judged = applySeverities(findings, { 'column-order': 'off', 'name-only': 'error', drift: 'warning' });
    expect(judged.map((finding) => [finding.kind, finding.severity])).toEqual([
      ['name-only', 'error'],
      ['drift', 'warning'],
      ['drift', 'notice'],
    ]);
  });

  it('reads drift aspects, and refuses an aspect that does not exist', () => {
    expect(parseConfig({ severity: { 'drift:index-only-in-migrations': 'warning' } }, '/p/c.json').severity).toEqual({
      'drift:index-only-in-migrations': 'warning',
    });
    expect(() => parseConfig({ severity: { 'drift:indexes': 'off' } }, '/p/c.json')).toThrow(
      /severity "drift:indexes" is not a finding kind nor a drift aspect .*drift:index-only-in-migrations/,
    );
  });

  it('sets an aspect of drift before the kind, without silencing the other aspects', () => {
    const findings = [
      aFinding({ kind: 'drift', severity: 'error', aspect: 'index-only-in-migrations' }),
      aFinding({ kind: 'drift', severity: 'error', aspect: 'column-only-in-model' }),
      aFinding({ kind: 'drift', severity: 'warning', aspect: 'comment' }),
    ];
    const judged = applySeverities(findings, { 'drift:index-only-in-migrations': 'warning', 'drift:comment': 'error' });
    expect(judged.map((finding) => [finding.aspect, finding.severity])).toEqual([
      ['index-only-in-migrations', 'warning'],
      ['column-only-in-model', 'error'],
      ['comment', 'error'],
    ]);
    expect(
      applySeverities(findings, { drift: 'warning', 'drift:column-only-in-model': 'error' }).map((f) => f.severity),
    ).toEqual(['warning', 'error', 'warning']);
  });
});
