import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { renderText } from '../../src/report/text.js';
import { kinds, lineOf, projectCopy, relative, ROOT, runCheck, TODOBOX, todoboxVariant } from './helpers.js';

const CHAIN = { migrations: 'migrations/*.ts', model: 'models/' };
const C682 = '20240315120000-c682ef478e45-drop-token-created-at.ts';

describe.each(inject('servers'))('todobox on $image', ({ url, flavor }) => {
  it('passes the correct chain and compares the user table', async () => {
    const result = await runCheck(url, { cwd: TODOBOX, ...CHAIN });
    expect(result.findings).toEqual([]);
    expect(result.verdict).toBe('pass');
    expect(result.compared).toEqual(['user']);
    expect(result.steps.map((step) => [step.up.outcome, step.down.outcome, step.reup.outcome])).toEqual(
      Array(5).fill(['ok', 'ok', 'ok']),
    );
    expect(result.server.flavor.kind).toBe(flavor);
  });

  it('fails the outage on user.api_token, on the model line, blamed on c682ef478e45', async () => {
    const dir = todoboxVariant('outage');
    const result = await runCheck(url, { cwd: dir, ...CHAIN });
    expect(result.verdict).toBe('fail');
    expect(result.findings.map((finding) => finding.kind)).toEqual(['drift']);
    const [drift] = result.findings;
    expect(drift).toMatchObject({ table: 'user', column: 'api_token', migration: C682 });
    expect(relative(result, drift!)).toBe('models/user.ts');
    expect(drift!.line).toBe(lineOf(dir, 'models/user.ts', 'api_token: {'));
    expect(drift!.message).toContain('user.api_token');
    // the unique index went with the column: one defect, one finding
    expect(drift!.differences.map((difference) => difference.object)).toEqual(['column', 'index']);
  });

  it('prints for the outage what the README shows it printing', async () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const shown = readme.match(/migration-gate says:\n\n```\n([\s\S]*?)\n```/)?.[1];
    expect(shown).toBeDefined();
    const dir = todoboxVariant('outage');
    const printed = renderText(await runCheck(url, { cwd: dir, ...CHAIN }), { color: false }).split('\n');
    for (const line of shown!.split('\n')) expect(printed).toContain(line);
  });

  it('matches the committed snapshot schema.json, taken on MySQL 9.7: snapshots are engine-neutral', async () => {
    const result = await runCheck(url, { cwd: TODOBOX, migrations: CHAIN.migrations, model: 'schema.json' });
    expect(result.model?.kind).toBe('snapshot');
    expect(result.findings).toEqual([]);
    expect(result.compared).toEqual(['user']);
  });

  it('annotates drift against a snapshot on the snapshot line of the column', async () => {
    const dir = todoboxVariant('outage');
    const result = await runCheck(url, { cwd: dir, migrations: CHAIN.migrations, model: 'schema.json' });
    expect(kinds(result)).toEqual(['drift']);
    expect(result.findings[0]!.line).toBe(lineOf(dir, 'schema.json', '"name": "api_token"'));
  });

  it('reads a config file: its options apply, an ignore rule accepts a finding with its reason', async () => {
    const dir = todoboxVariant('outage');
    const reason = 'api_token comes back with d1f2e3c4b5a6 in the next release';
    writeFileSync(
      path.join(dir, 'migration-gate.config.json'),
      JSON.stringify({ ...CHAIN, strictColumnOrder: true, ignore: [{ table: 'user', column: 'api_token', reason }] }),
    );
    const result = await runCheck(url, { cwd: dir });
    expect(result.verdict).toBe('pass');
    expect(result.findings).toMatchObject([
      { kind: 'drift', severity: 'notice', ignored: reason, column: 'api_token' },
    ]);
    const strict = await runCheck(url, { cwd: todoboxVariant('column-order'), ...CHAIN }, null);
    expect(kinds(strict, 'warning')).toEqual(['column-order']);
  });

  it('reports a down that does not restore the schema on that migration only', async () => {
    const dir = todoboxVariant('down-mismatch');
    const result = await runCheck(url, { cwd: dir, ...CHAIN });
    expect(kinds(result)).toEqual(['down-mismatch']);
    const [finding] = result.findings;
    expect(finding!.migration).toBe('20240212100000-366e5694a9ad-oauth-columns.ts');
    expect(finding!.line).toBe(lineOf(dir, 'migrations/20240212100000-366e5694a9ad-oauth-columns.ts', 'down:'));
    expect(finding!.differences).toMatchObject([{ kind: 'extra', object: 'column', table: 'user', name: 'oauth_id' }]);
    expect(result.steps.map((step) => step.down.outcome)).toEqual(['ok', 'mismatch', 'ok', 'ok', 'ok']);
    expect(result.steps.every((step) => step.reup.outcome === 'ok')).toBe(true);
  });

  it('waits for the queries of a migration that does not return its promise before judging it', async () => {
    const result = await runCheck(url, { cwd: todoboxVariant('dangling-promise'), ...CHAIN });
    expect(result.findings).toEqual([]);
    expect(result.verdict).toBe('pass');
  });

  it('waives a migration marked irreversible, with its reason, and still fails on the others', async () => {
    const reason = 'the token column is backfilled; reverting would lose tokens';
    const dir = todoboxVariant('irreversible');
    writeFileSync(
      path.join(dir, 'migration-gate.config.json'),
      JSON.stringify({ irreversible: [{ migration: '20240301110000-3e5106ee570c-api-token', reason }] }),
    );
    const result = await runCheck(url, { cwd: dir, ...CHAIN });
    expect(result.verdict).toBe('pass');
    expect(result.findings).toMatchObject([{ kind: 'irreversible', severity: 'notice', ignored: reason }]);
    expect(result.notes.join('\n')).toContain(reason);
    const flagged = await runCheck(url, {
      cwd: todoboxVariant('down-mismatch'),
      ...CHAIN,
      irreversible: '20240212100000-366e5694a9ad-oauth-columns.ts',
    });
    expect(flagged.verdict).toBe('pass');
    expect(flagged.findings).toMatchObject([{ kind: 'down-mismatch', severity: 'notice' }]);
  });

  it('stops the down pass at --minimum-downgrade and re-ups from there', async () => {
    const result = await runCheck(url, {
      cwd: todoboxVariant('down-mismatch'),
      ...CHAIN,
      minimumDowngrade: '20240212100000-366e5694a9ad-oauth-columns',
    });
    expect(result.findings).toEqual([]);
    expect(result.steps.map((step) => [step.down.outcome, step.reup.outcome])).toEqual([
      ['skipped', 'skipped'],
      ['skipped', 'skipped'],
      ['ok', 'ok'],
      ['ok', 'ok'],
      ['ok', 'ok'],
    ]);
    expect(result.notes.join('\n')).toMatch(/down pass stopped after 20240212100000-366e5694a9ad-oauth-columns/);
    await expect(runCheck(url, { cwd: TODOBOX, ...CHAIN, minimumDowngrade: 'nope' })).rejects.toThrow(
      /--minimum-downgrade nope is not a migration of the chain/,
    );
  });

  it('reports two migrations that claim the same place in the chain', async () => {
    const dir = projectCopy(TODOBOX, {
      write: {
        'migrations/20240320130000-aaaa11112222-add-locale.ts': readFileSync(
          path.join(TODOBOX, 'migrations/20240212100000-366e5694a9ad-oauth-columns.ts'),
          'utf8',
        )
          .replaceAll('oauth_provider', 'locale')
          .replaceAll('oauth_id', 'timezone'),
      },
    });
    const result = await runCheck(url, { cwd: dir, migrations: CHAIN.migrations });
    expect(kinds(result)).toEqual(['duplicate']);
    expect(result.findings[0]!.migration).toBe('20240320130000-d1f2e3c4b5a6-ensure-api-token.ts');
    expect(result.findings[0]!.message).toMatch(/same ordering prefix 20240320130000/);
  });

  it('says which downs went unchecked when the schema cannot be rebuilt to judge them alone', async () => {
    const oauth = path.join(TODOBOX, 'migrations/20240212100000-366e5694a9ad-oauth-columns.ts');
    const drop = path.join(TODOBOX, `migrations/${C682}`);
    const dir = projectCopy(TODOBOX, {
      write: {
        // a different width on every run: nothing built from it can be had twice
        [`migrations/${path.basename(oauth)}`]: `let runs = 0;\n${readFileSync(oauth, 'utf8').replace(
          'type: Sequelize.STRING(255), allowNull: true }',
          'type: Sequelize.STRING(255 - 10 * runs++), allowNull: true }',
        )}`,
        [`migrations/${C682}`]: readFileSync(drop, 'utf8').replace(
          "await queryInterface.addColumn('user', 'token_created_at'",
          "await queryInterface.addColumn('user', 'token_created'",
        ),
      },
    });
    const result = await runCheck(url, { cwd: dir, migrations: CHAIN.migrations });
    expect(kinds(result).sort()).toEqual(['down-mismatch', 'reup-mismatch']);
    const unchecked = result.findings.find((finding) => finding.kind === 'unchecked');
    expect(unchecked).toMatchObject({ severity: 'warning', migration: '20240301110000-3e5106ee570c-api-token.ts' });
    expect(unchecked!.message).toMatch(
      /were not checked: running the first 3 migration\(s\) up again gave another schema/,
    );
    expect(result.steps.map((step) => step.down.outcome)).toEqual(['skipped', 'skipped', 'skipped', 'mismatch', 'ok']);
  });

  it('reports a migration with no down as irreversible and still checks the rest', async () => {
    const result = await runCheck(url, { cwd: todoboxVariant('irreversible'), ...CHAIN });
    expect(kinds(result)).toEqual(['irreversible']);
    expect(result.findings[0]!.migration).toBe('20240301110000-3e5106ee570c-api-token.ts');
    expect(result.steps.map((step) => step.down.outcome)).toEqual(['ok', 'ok', 'irreversible', 'ok', 'ok']);
  });

  it('reports a migration that throws with its direction and the server error, and what did not run', async () => {
    const dir = todoboxVariant('migration-error');
    const result = await runCheck(url, { cwd: dir, ...CHAIN });
    expect(kinds(result)).toEqual(['migration-error']);
    const [finding] = result.findings;
    expect(finding).toMatchObject({ migration: C682, direction: 'up' });
    expect(finding!.message).toMatch(/ER_CANT_DROP_FIELD_OR_KEY|token_creation_at/);
    expect(relative(result, finding!)).toBe(`migrations/${C682}`);
    expect(finding!.line).toBe(lineOf(dir, `migrations/${C682}`, 'token_creation_at'));
    expect(result.steps.map((step) => step.up.outcome)).toEqual(['ok', 'ok', 'ok', 'failed', 'skipped']);
    expect(result.notes.join(' ')).toMatch(/model was not compared/);
  });

  it('reports a step whose re-up differs from its first up', async () => {
    const result = await runCheck(url, { cwd: todoboxVariant('reup-mismatch'), ...CHAIN });
    expect(kinds(result)).toEqual(['reup-mismatch']);
    expect(result.findings[0]).toMatchObject({
      migration: '20240320130000-d1f2e3c4b5a6-ensure-api-token.ts',
      direction: 're-up',
      table: 'user',
      column: 'fullname',
    });
  });

  it('warns when an index differs only in name, and fails with --strict-names', async () => {
    const dir = todoboxVariant('name-only');
    const lenient = await runCheck(url, { cwd: dir, ...CHAIN });
    expect(lenient.verdict).toBe('pass');
    expect(kinds(lenient, 'warning')).toEqual(['name-only']);
    const strict = await runCheck(url, { cwd: dir, ...CHAIN, strictNames: true });
    expect(kinds(strict)).toEqual(['name-only']);
  });

  it('warns about column order, and fails with --strict-column-order', async () => {
    const dir = todoboxVariant('column-order');
    const lenient = await runCheck(url, { cwd: dir, ...CHAIN });
    expect(lenient.verdict).toBe('pass');
    expect(kinds(lenient, 'warning')).toEqual(['column-order']);
    const strict = await runCheck(url, { cwd: dir, ...CHAIN, strictColumnOrder: true });
    expect(kinds(strict)).toEqual(['column-order']);
  });

  it('reports a migration file that cannot be loaded on that file, and stops the chain there', async () => {
    const result = await runCheck(url, { cwd: todoboxVariant('load-error'), ...CHAIN });
    expect(kinds(result)).toEqual(['load-error']);
    expect(relative(result, result.findings[0]!)).toBe(`migrations/${C682}`);
    expect(result.steps.map((step) => step.up.outcome)).toEqual(['ok', 'ok', 'ok', 'not-loaded', 'skipped']);
  });

  it('reports a model table the server refuses, and still compares the others', async () => {
    const result = await runCheck(url, { cwd: todoboxVariant('model-error'), ...CHAIN });
    expect(kinds(result)).toEqual(['model-error']);
    expect(result.findings[0]).toMatchObject({ table: 'todo' });
    expect(relative(result, result.findings[0]!)).toBe('models/todo.ts');
    expect(result.compared).toEqual(['user']);
  });

  it('stops a step that runs past --step-timeout and reports it', async () => {
    const started = Date.now();
    const result = await runCheck(url, { cwd: todoboxVariant('timeout'), ...CHAIN, stepTimeout: '2' });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(kinds(result)).toEqual(['migration-error']);
    expect(result.findings[0]!.message).toMatch(/timed out/);
    expect(result.steps[3]!.up.outcome).toBe('timeout');
    expect(result.steps[4]!.up.outcome).toBe('skipped');
  });
});
