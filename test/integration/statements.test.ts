import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { ROOT, runCheck } from './helpers.js';

/** A sequelize-cli project in a temp dir: its migrations by file name, no model. */
function project(migrations: Record<string, string>): string {
  mkdirSync(path.join(ROOT, 'test/.tmp'), { recursive: true });
  const dir = mkdtempSync(path.join(ROOT, 'test/.tmp/statements-'));
  mkdirSync(path.join(dir, 'migrations'));
  for (const [file, text] of Object.entries(migrations)) writeFileSync(path.join(dir, 'migrations', file), text);
  return dir;
}

const migration = (up: string, down: string) => `'use strict';
module.exports = {
  async up(queryInterface, Sequelize) {
${up}
  },
  async down(queryInterface, Sequelize) {
${down}
  },
};
`;

const CREATE_NOTES = migration(
  "    await queryInterface.createTable('notes', { id: { type: Sequelize.INTEGER, primaryKey: true }, title: Sequelize.STRING(40) });",
  "    await queryInterface.dropTable('notes');",
);

/**
 * Issue 14 §10: a finding on a step shows what the step sent and what the server answered, and an error
 * the migration caught and went on from is a warning of its own.
 */
describe.each(inject('servers'))('statements a step sent on $image', ({ url }) => {
  it("reports an error a migration swallowed with .catch(() => 'done') once, naming the statement and the server's message", async () => {
    const dir = project({
      '001-create-notes.js': CREATE_NOTES,
      // as real chains write it: the whole step in a catch that turns any failure into success
      '002-add-body.js': migration(
        `    return queryInterface
      .addColumn('notes', 'title', { type: Sequelize.STRING(40) })
      .then(() => queryInterface.addColumn('notes', 'body', { type: Sequelize.TEXT }))
      .catch(() => 'done');`,
        "    await queryInterface.removeColumn('notes', 'body');",
      ),
    });
    const result = await runCheck(url, { cwd: dir, migrations: 'migrations/*.js' });
    const swallowed = result.findings.filter((finding) => finding.kind === 'swallowed-error');
    expect(swallowed).toHaveLength(1);
    expect(swallowed[0]).toMatchObject({ severity: 'warning', migration: '002-add-body.js', direction: 'up' });
    expect(swallowed[0]!.message).toMatch(/ALTER TABLE `notes` ADD `title`.*Duplicate column name 'title'/);
    expect(swallowed[0]!.statements).toEqual([
      {
        sql: expect.stringMatching(/^ALTER TABLE `notes` ADD `title`/),
        error: expect.stringMatching(/Duplicate column/),
      },
    ]);
    expect(swallowed[0]!.hint).toMatch(/went on/);
    // the catch also skipped adding body: the down that removes it then fails, with what it sent
    const failed = result.findings.find((finding) => finding.kind === 'migration-error');
    expect(failed).toMatchObject({ migration: '002-add-body.js', direction: 'down' });
    expect(failed!.statements!.at(-1)).toEqual({
      sql: expect.stringMatching(/ALTER TABLE `notes` DROP `body`/),
      error: expect.stringMatching(/body/),
    });
  });

  it('carries the statements of a failing step in order, the ones that ran and the one the server refused', async () => {
    const dir = project({
      '001-create-notes.js': CREATE_NOTES,
      '002-broken.js': migration(
        `    await queryInterface.addColumn('notes', 'pinned', { type: Sequelize.BOOLEAN });
    await queryInterface.sequelize.query('ALTER TABLE missing_table ADD x INT');`,
        "    await queryInterface.removeColumn('notes', 'pinned');",
      ),
    });
    const result = await runCheck(url, { cwd: dir, migrations: 'migrations/*.js' });
    const failed = result.findings.filter((finding) => finding.kind === 'migration-error');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.statements).toEqual([
      { sql: expect.stringMatching(/^ALTER TABLE `notes` ADD `pinned`/), error: null },
      { sql: 'ALTER TABLE missing_table ADD x INT', error: expect.stringMatching(/missing_table.*doesn't exist/) },
    ]);
    expect(result.findings.filter((finding) => finding.kind === 'swallowed-error')).toEqual([]);
  });
});
