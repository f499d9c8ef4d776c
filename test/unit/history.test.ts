import { describe, expect, it } from 'vitest';
import type { Step } from '../../src/chain/types.js';
import { compareRows, canonical } from '../../src/data/compare.js';
import type { TableRows } from '../../src/data/types.js';
import { dataFindings, historyFindings, upgradeFindings } from '../../src/findings/history.js';
import { compareHistory, lineStat, type MigrationFile } from '../../src/history/changes.js';
import { historyLines } from '../../src/report/history.js';
import { aColumn, aSchema, aTable } from './builders.js';
import { aResult } from './results.js';

const file = (name: string, content: string): MigrationFile => ({ name, file: `/p/migrations/${name}`, content });
const isMigration = (name: string) => !name.endsWith('.down.sql');

describe('compareHistory', () => {
  const base = [file('001-a.js', 'a\nb\nc\n'), file('002-b.js', 'up b\n'), file('003-c.js', 'up c\n')];

  it('finds nothing but the added migrations when released ones are untouched', () => {
    const history = compareHistory(base, [...base, file('004-d.js', 'd')], isMigration);
    expect(history).toEqual({ changes: [], added: ['004-d.js'], released: ['001-a.js', '002-b.js', '003-c.js'] });
  });

  it('finds an edited migration with its diff stat and first changed line', () => {
    const head = [file('001-a.js', 'a\nB\nc\nd\n'), base[1]!, base[2]!];
    expect(compareHistory(base, head, isMigration).changes).toEqual([
      {
        kind: 'edited',
        name: '001-a.js',
        file: '/p/migrations/001-a.js',
        whitespaceOnly: false,
        added: 2,
        removed: 1,
        line: 2,
      },
    ]);
  });

  it('tells whitespace and line-ending edits apart', () => {
    const head = [file('001-a.js', 'a\r\n  b\r\nc\r\n'), base[1]!, base[2]!];
    const [change] = compareHistory(base, head, isMigration).changes;
    expect(change).toMatchObject({ kind: 'edited', whitespaceOnly: true });
  });

  it('finds a deleted migration, and a deleted one whose content came back under another name as renamed', () => {
    const deleted = compareHistory(base, [base[0]!, base[1]!], isMigration);
    expect(deleted.changes).toEqual([{ kind: 'deleted', name: '003-c.js', file: '/p/migrations/003-c.js' }]);
    const renamed = compareHistory(base, [base[0]!, base[1]!, file('009-c.js', 'up  c\n')], isMigration);
    expect(renamed.changes).toEqual([
      { kind: 'renamed', name: '009-c.js', from: '003-c.js', file: '/p/migrations/009-c.js' },
    ]);
    expect(renamed.added).toEqual(['009-c.js']);
  });

  it('finds a new migration that sorts before the newest released one', () => {
    const head = [base[0]!, file('0015-x.js', 'x'), base[1]!, base[2]!, file('004-d.js', 'd')];
    expect(compareHistory(base, head, isMigration).changes).toEqual([
      { kind: 'back-dated', name: '0015-x.js', file: '/p/migrations/0015-x.js', newest: '003-c.js' },
    ]);
  });

  it('finds none in a revision graph, whose order between branches no database keeps', () => {
    const head = [base[0]!, file('0015-x.js', 'x'), base[1]!, base[2]!];
    const graph = compareHistory(base, head, isMigration, false);
    expect(graph.changes).toEqual([]);
    expect(graph.added).toEqual(['0015-x.js']);
  });

  it('matches files by name wherever they moved, and compares .down.sql halves too', () => {
    const sqlBase = [file('001-a.up.sql', 'CREATE TABLE a (id INT);'), file('001-a.down.sql', 'DROP TABLE a;')];
    const moved = sqlBase.map((item) => ({ ...item, file: `/p/db/${item.name}` }));
    expect(compareHistory(sqlBase, moved, isMigration).changes).toEqual([]);
    const editedDown = [sqlBase[0]!, file('001-a.down.sql', 'DROP TABLE IF EXISTS a;')];
    expect(compareHistory(sqlBase, editedDown, isMigration).changes).toMatchObject([
      { kind: 'edited', name: '001-a.down.sql' },
    ]);
    expect(compareHistory(sqlBase, editedDown, isMigration).released).toEqual(['001-a.up.sql']);
  });
});

describe('lineStat', () => {
  it('counts lines outside the longest common subsequence', () => {
    expect(lineStat('a\nb\nc\n', 'a\nb\nc\n')).toMatchObject({ added: 0, removed: 0 });
    expect(lineStat('a\nb\nc\n', 'a\nc\n')).toEqual({ added: 0, removed: 1, line: 2 });
    expect(lineStat('x\ny\n', 'y\nx\n')).toMatchObject({ added: 1, removed: 1 });
    expect(lineStat('', 'a\nb\n')).toEqual({ added: 2, removed: 0, line: 1 });
  });
});

const users = (rows: (string | null)[][], columns = ['id', 'name', 'email'], key = ['id']): TableRows => ({
  table: 'user',
  columns,
  key,
  rows,
});

describe('compareRows', () => {
  const before = users([
    ['1', 'Ann', 'ann@example.com'],
    ['2', 'Bob', null],
  ]);

  it('sees no loss when rows and values stay, whatever spelling a type change gives them', () => {
    expect(
      compareRows(
        before,
        users([
          ['2', 'Bob', null],
          ['1', 'Ann', 'ann@example.com'],
        ]),
      ),
    ).toEqual([]);
    expect(canonical('1.5000')).toBe('1.5');
    expect(canonical('10.00')).toBe('10');
    expect(canonical('2024-01-02 10:00:00.000')).toBe('2024-01-02 10:00:00');
    expect(canonical('2024-01-02 10:00:00.120')).toBe('2024-01-02 10:00:00.120');
  });

  it('an updatedAt moved forward is a row saved through the app, not a value lost; moved back or elsewhere it is', () => {
    const touchedRows = (at: string, created: string) => ({
      table: 'tags',
      columns: ['id', 'createdAt', 'updatedAt'],
      key: ['id'],
      rows: [['1', created, at]],
    });
    const seeded = touchedRows('2026-11-30 15:39:56', '2026-11-30 15:39:56');
    expect(compareRows(seeded, touchedRows('2026-11-30 15:39:57', '2026-11-30 15:39:56'))).toEqual([]);
    expect(compareRows(seeded, touchedRows('2026-11-30 15:39:55', '2026-11-30 15:39:56'))).toHaveLength(1);
    expect(compareRows(seeded, touchedRows('2026-11-30 15:39:56', '2026-11-30 15:39:57'))).toEqual([
      expect.objectContaining({ kind: 'values-changed', column: 'createdAt' }),
    ]);
  });

  it('counts lost rows and changed values by primary key', () => {
    expect(compareRows(before, users([['1', 'An', 'ann@example.com']]))).toEqual([
      { kind: 'rows-lost', table: 'user', lost: 1, of: 2 },
      {
        kind: 'values-changed',
        table: 'user',
        column: 'name',
        changed: 1,
        of: 1,
        example: { before: 'Ann', after: 'An' },
      },
    ]);
  });

  it('is not fooled by a dropped column, but sees a rename done as drop + add', () => {
    const dropped = users(
      [
        ['1', 'Ann'],
        ['2', 'Bob'],
      ],
      ['id', 'name'],
    );
    expect(compareRows(before, dropped)).toEqual([]);
    const replaced = users(
      [
        ['1', 'Ann', null],
        ['2', 'Bob', null],
      ],
      ['id', 'name', 'mail'],
    );
    expect(compareRows(before, replaced)).toEqual([
      { kind: 'column-replaced', table: 'user', column: 'email', by: 'mail', values: 1 },
    ]);
  });

  it("sees a rename in an added column that holds the dropped one's values, even on one row", () => {
    const one = users([['1', 'Ann', '9.50']], ['id', 'name', 'total']);
    expect(compareRows(one, users([['1', 'Ann', '9.5000']], ['id', 'name', 'total_amount']))).toEqual([]);
    expect(compareRows(one, users([['1', 'Ann', null]], ['id', 'name', 'total_amount']))).toEqual([
      { kind: 'column-replaced', table: 'user', column: 'total', by: 'total_amount', values: 1 },
    ]);
  });

  it('without a primary key, compares rows as a multiset', () => {
    const keyless = (rows: (string | null)[][]) => users(rows, ['name', 'email'], []);
    const rows = keyless([
      ['Ann', 'a'],
      ['Ann', 'a'],
      ['Bob', 'b'],
    ]);
    expect(
      compareRows(
        rows,
        keyless([
          ['Bob', 'b'],
          ['Ann', 'a'],
          ['Ann', 'a'],
        ]),
      ),
    ).toEqual([]);
    expect(
      compareRows(
        rows,
        keyless([
          ['Ann', 'a'],
          ['Bob', 'b'],
        ]),
      ),
    ).toEqual([{ kind: 'rows-lost', table: 'user', lost: 1, of: 3 }]);
    expect(
      compareRows(
        rows,
        keyless([
          ['Ann', 'a'],
          ['Ann', 'x'],
          ['Bob', 'b'],
        ]),
      ),
    ).toEqual([{ kind: 'values-changed', table: 'user', column: null, changed: 1, of: 3, example: null }]);
  });
});

const aStep = (name: string, upLine = 4): Step => ({
  name,
  file: `/p/migrations/${name}`,
  downFile: null,
  up: async () => {},
  down: async () => {},
  upLine,
  downLine: 9,
});

describe('history findings', () => {
  it('makes one finding per change: errors, but a whitespace edit is a warning', () => {
    const findings = historyFindings({
      changes: [
        { kind: 'edited', name: '001-a.js', file: '/p/001-a.js', whitespaceOnly: false, added: 3, removed: 1, line: 7 },
        { kind: 'edited', name: '002-b.js', file: '/p/002-b.js', whitespaceOnly: true, added: 2, removed: 2, line: 1 },
        { kind: 'deleted', name: '003-c.js', file: '/p/003-c.js' },
        { kind: 'renamed', name: '009-c.js', from: '004-c.js', file: '/p/009-c.js' },
        { kind: 'back-dated', name: '0015-x.js', file: '/p/0015-x.js', newest: '004-c.js' },
      ],
      added: ['0015-x.js', '009-c.js'],
      released: ['001-a.js', '002-b.js', '003-c.js', '004-c.js'],
    });
    expect(findings.map((finding) => [finding.kind, finding.severity, finding.line])).toEqual([
      ['edited-migration', 'error', 7],
      ['edited-migration', 'warning', 1],
      ['deleted-migration', 'error', null],
      ['renamed-migration', 'error', 1],
      ['out-of-order', 'error', 1],
    ]);
    expect(findings[0]!.message).toContain('(+3 −1 lines)');
    expect(findings[3]!.message).toContain('databases that ran 004-c.js run it again as 009-c.js');
  });

  const path = { steps: [aStep('001-a.js'), aStep('002-b.js', 12)], released: 1, seed: null };
  const fresh = aSchema(
    aTable('user', { columns: [aColumn({ name: 'id' }), aColumn({ name: 'name', type: 'varchar(80)' })] }),
  );
  const upgraded = aSchema(
    aTable('user', { columns: [aColumn({ name: 'id' }), aColumn({ name: 'name', type: 'varchar(50)' })] }),
  );
  const history = { changes: [], added: ['002-b.js'], released: ['001-a.js'] };
  const strict = { strictNames: false, strictColumnOrder: false };

  it('charges an upgrade difference to the new migrations when no released one changed', () => {
    const result = { failure: null, schema: upgraded, data: null, ms: 5 };
    const [finding] = upgradeFindings(path, result, fresh, history, 'abcdef123456', strict);
    expect(finding).toMatchObject({
      kind: 'upgrade-mismatch',
      severity: 'error',
      file: '/p/migrations/002-b.js',
      line: 12,
    });
    expect(finding!.message).toBe(
      "a database upgraded from abcdef1 differs from a fresh one after the pull request's chain (involved: new 002-b.js): user.name type: fresh database varchar(80), upgraded database varchar(50)",
    );
    expect(upgradeFindings(path, { ...result, schema: fresh }, fresh, history, 'abcdef1', strict)).toEqual([]);
  });

  it('reports a new step that fails on the upgrade path, and a released one as unchecked', () => {
    const failure = (step: number) => ({
      failure: {
        step,
        kind: 'failed' as const,
        failure: { message: 'boom', file: `/p/${step}.js`, line: 3, server: null },
      },
      schema: null,
      data: null,
      ms: 1,
    });
    expect(upgradeFindings(path, failure(1), fresh, history, 'abcdef1', strict)).toMatchObject([
      { kind: 'upgrade-error', severity: 'error', file: '/p/1.js', line: 3, migration: '002-b.js' },
    ]);
    expect(upgradeFindings(path, failure(0), fresh, history, 'abcdef1', strict)).toMatchObject([
      { kind: 'unchecked', severity: 'warning', migration: '001-a.js' },
    ]);
  });

  it('makes one data-loss finding per loss, on the step that caused it', () => {
    const findings = dataFindings(
      {
        seed: '/p/seed.sql',
        after: '001-a.js',
        steps: 1,
        tables: [{ table: 'user', seeded: 2, final: 1 }],
        losses: [{ step: 1, loss: { kind: 'rows-lost', table: 'user', lost: 1, of: 2 } }],
      },
      path.steps,
    );
    expect(findings).toMatchObject([
      {
        kind: 'data-loss',
        severity: 'error',
        file: '/p/migrations/002-b.js',
        line: 12,
        table: 'user',
        message: '002-b.js loses 1 of 2 seeded row(s) of user',
      },
    ]);
  });
});

describe('historyLines', () => {
  it('says what changed since the base, how the upgrade path went and what became of the seed', () => {
    const result = aResult({
      cwd: '/p',
      findings: [],
      history: {
        base: { ref: 'main', sha: '0123456789abcdef' },
        history: {
          changes: [{ kind: 'deleted', name: '003-c.js', file: '/p/003-c.js' }],
          added: ['004-d.js'],
          released: ['001-a.js', '002-b.js', '003-c.js'],
        },
        upgrade: { released: 3, added: 1, ms: 250, failed: false },
        data: {
          seed: '/p/seed.sql',
          after: '003-c.js',
          steps: 1,
          tables: [{ table: 'user', seeded: 3, final: 3 }],
          losses: [],
        },
      },
    });
    expect(historyLines(result)).toEqual([
      'Since main (0123456): 3 released migration(s), 1 new; 003-c.js deleted.',
      "Upgrade path: the base's 3 migration(s), then 1 new, in 0.25 s: matches a fresh database.",
      'Seed seed.sql after 003-c.js: rows user 3 → 3; every seeded row and value survived 1 migration(s).',
    ]);
    expect(historyLines(aResult({ history: null }))).toEqual([]);
  });

  it('a base given as a sha (from an event payload) is named once, short', () => {
    const base = (ref: string) =>
      historyLines(
        aResult({
          history: {
            base: { ref, sha: '8182e0aa5cbf2f3a0c1d4e5f60718293a4b5c6d7' },
            history: { changes: [], added: [], released: ['001-a.js'] },
            upgrade: null,
            data: null,
          },
        }),
      )[0];
    expect(base('8182e0aa5cbf2f3a0c1d4e5f60718293a4b5c6d7')).toMatch(/^Since 8182e0a: 1 released migration/);
    expect(base('origin/main')).toMatch(/^Since origin\/main \(8182e0a\): /);
  });
});
