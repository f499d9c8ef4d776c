import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { CheckResult } from '../../src/check.js';
import { branch, migration } from './git.js';
import { relative, runCheck } from './helpers.js';

const MIGRATIONS = 'migrations/*.{ts,js}';
const WIDEN = 'migrations/20240401000000-widen-fullname.js';
const NICKNAME = 'migrations/20240402000000-add-nickname.js';
const INDEX = 'migrations/20240403000000-index-nickname.js';
const DROP_HASH = 'migrations/20240404000000-drop-password-hash.js';
const OWNER = 'migrations/20240405000000-todo-owner.js';
const DROP_NICKNAME = 'migrations/20240406000000-drop-nickname.js';
const DROP_FULLNAME = 'migrations/20240401000000-drop-fullname.js';

const of = (result: CheckResult, file: string) =>
  result.findings.filter((finding) => finding.migration === path.basename(file));
const measured = (result: CheckResult, file: string) =>
  result.probe!.statements.filter((statement) => statement.migration === path.basename(file));

describe.each(inject('servers'))('the safety probe on $image', ({ url }) => {
  it('measures each new statement on the server: a type change copies the table, a nullable column and an index do not, a dropped column is destructive', async () => {
    const project = branch((p) => {
      p.write(
        WIDEN,
        migration(
          "    await queryInterface.changeColumn('user', 'fullname', { type: Sequelize.TEXT, allowNull: true });",
          "    await queryInterface.changeColumn('user', 'fullname', { type: Sequelize.STRING(100), allowNull: true });",
        ),
      );
      p.write(
        NICKNAME,
        migration(
          "    await queryInterface.addColumn('user', 'nickname', { type: Sequelize.STRING(40), allowNull: true });",
          "    await queryInterface.removeColumn('user', 'nickname');",
        ),
      );
      p.write(
        INDEX,
        migration(
          "    await queryInterface.addIndex('user', ['nickname'], { name: 'ix_user_nickname' });",
          "    await queryInterface.removeIndex('user', 'ix_user_nickname');",
        ),
      );
      p.write(
        DROP_HASH,
        migration(
          "    console.log('dropping password_hash');\n    await queryInterface.removeColumn('user', 'password_hash');",
          "    await queryInterface.addColumn('user', 'password_hash', { type: Sequelize.STRING(255), allowNull: true });",
        ),
      );
      p.write(
        OWNER,
        migration(
          "    await queryInterface.createTable('todo', { id: { type: Sequelize.INTEGER, primaryKey: true, autoIncrement: true } });\n    await queryInterface.addColumn('todo', 'owner_id', { type: Sequelize.INTEGER, references: { model: 'user', key: 'id' } });",
          "    await queryInterface.dropTable('todo');",
        ),
      );
      // the pull request thinks better of its own column: production never had it
      p.write(
        DROP_NICKNAME,
        migration(
          "    await queryInterface.removeIndex('user', 'ix_user_nickname');\n    await queryInterface.removeColumn('user', 'nickname');",
          "    await queryInterface.addColumn('user', 'nickname', { type: Sequelize.STRING(40), allowNull: true });\n    await queryInterface.addIndex('user', ['nickname'], { name: 'ix_user_nickname' });",
        ),
      );
    });
    const result = await runCheck(url, { cwd: project.dir, migrations: MIGRATIONS, base: 'main' });

    // only the pull request's migrations are probed: the released ones ran on production already
    expect(new Set(result.probe!.statements.map((statement) => statement.migration))).toEqual(
      new Set([WIDEN, NICKNAME, INDEX, DROP_HASH, OWNER, DROP_NICKNAME].map((file) => path.basename(file))),
    );
    expect(measured(result, DROP_NICKNAME).length).toBeGreaterThan(0);
    expect(of(result, DROP_NICKNAME).filter((finding) => finding.kind === 'destructive')).toEqual([]);
    const [copy] = of(result, WIDEN);
    expect(copy).toMatchObject({ kind: 'table-copy', severity: 'warning', table: 'user', line: 6 });
    expect(copy!.probe).toMatchObject({ algorithm: 'COPY' });
    expect(copy!.probe!.reason).toBeTruthy();
    expect(copy!.message).toContain(copy!.probe!.reason!);
    expect(measured(result, NICKNAME)).toMatchObject([{ algorithm: 'INSTANT', rebuild: false }]);
    expect(of(result, NICKNAME)).toEqual([]);
    expect(measured(result, INDEX)).toMatchObject([{ algorithm: 'INPLACE', online: true, rebuild: false }]);
    expect(of(result, INDEX)).toEqual([]);
    const [dropped] = of(result, DROP_HASH);
    expect(dropped).toMatchObject({ kind: 'destructive', severity: 'warning', column: 'password_hash', line: 7 });
    // a key to a table the step does not otherwise touch: that table is copied too, and the key measured
    expect(measured(result, OWNER).some((statement) => /references/i.test(statement.sql))).toBe(true);
    expect(of(result, OWNER).filter((finding) => finding.kind === 'not-probed')).toEqual([]);
    expect(result.verdict).toBe('pass');

    // the probe works on a copy: the chain's schema is what it is without it
    const unprobed = await runCheck(url, { cwd: project.dir, migrations: MIGRATIONS });
    expect(unprobed.probe).toBeNull();
    expect(result.schema).toEqual(unprobed.schema);
    expect(result.steps.map((step) => [step.up.outcome, step.down.outcome, step.reup.outcome])).toEqual(
      unprobed.steps.map((step) => [step.up.outcome, step.down.outcome, step.reup.outcome]),
    );
  });

  it("fails a pull request that drops a column the base commit's model maps, naming the model line, and a waiver makes it a notice", async () => {
    const project = branch((p) => {
      p.write(
        DROP_FULLNAME,
        migration(
          "    await queryInterface.removeColumn('user', 'fullname');",
          "    await queryInterface.addColumn('user', 'fullname', { type: Sequelize.STRING(100), allowNull: true });",
        ),
      );
      p.edit('models/user.ts', '  declare fullname: string | null;\n', '');
      p.edit('models/user.ts', '      fullname: { type: DataTypes.STRING(100) },\n', '');
    });
    const options = { cwd: project.dir, migrations: MIGRATIONS, model: 'models/', base: 'main' };
    const result = await runCheck(url, options);
    const [breaking] = result.findings.filter((finding) => finding.kind === 'breaking-change');
    expect(breaking).toMatchObject({ severity: 'error', table: 'user', column: 'fullname', line: 6 });
    expect(relative(result, breaking!)).toBe(DROP_FULLNAME);
    const modelLine =
      project
        .git('show', 'main:models/user.ts')
        .split('\n')
        .indexOf('      fullname: { type: DataTypes.STRING(100) },') + 1;
    expect(breaking!.message).toContain(`models/user.ts:${modelLine}`);
    expect(breaking!.message).toMatch(/at the base commit [0-9a-f]{7}/);
    expect(result.verdict).toBe('fail');

    project.write(
      'migration-gate.config.json',
      JSON.stringify({
        unsafe: [{ migration: path.basename(DROP_FULLNAME), reason: 'the app stopped reading it in 2.3' }],
      }),
    );
    const waived = await runCheck(url, options);
    const accepted = waived.findings.filter(
      (finding) =>
        finding.migration === path.basename(DROP_FULLNAME) && ['breaking-change', 'destructive'].includes(finding.kind),
    );
    expect(accepted.map((finding) => [finding.kind, finding.severity]).sort()).toEqual([
      ['breaking-change', 'notice'],
      ['destructive', 'notice'],
    ]);
    expect(accepted[0]!.message).toContain('(waived: the app stopped reading it in 2.3)');
  });
});
