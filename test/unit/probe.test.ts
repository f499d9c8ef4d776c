import { describe, expect, it } from 'vitest';
import type { Step } from '../../src/chain/types.js';
import { safetyFindings, type SafetyEvidence } from '../../src/findings/safety.js';
import { sample, sampleRows } from '../../src/probe/rows.js';
import {
  isRefusal,
  LADDER,
  refusalReason,
  renamesIn,
  statementsOf,
  withAttempt,
  writtenClause,
} from '../../src/probe/statement.js';
import type { StepProbe } from '../../src/probe/types.js';
import { narrowing } from '../../src/schema/narrowing.js';
import { aColumn, aSchema, aTable } from './builders.js';

describe('statementsOf', () => {
  it('gives each statement a role: what the probe measures, runs, or leaves alone', () => {
    const roles = (sql: string) => statementsOf(sql, 'mg_1_chain').map((statement) => statement.role);
    expect(roles('SELECT 1; SHOW FULL COLUMNS FROM `users`')).toEqual(['read', 'read']);
    expect(roles('SET FOREIGN_KEY_CHECKS = 0')).toEqual(['session']);
    expect(roles("INSERT INTO users VALUES (1, 'a;b')")).toEqual(['rows']);
    expect(roles('ALTER TABLE `users` ADD `x` INT;')).toEqual(['alter']);
    expect(roles('CREATE UNIQUE INDEX `ix` ON `users` (`email`)')).toEqual(['alter']);
    expect(roles('DROP INDEX `ix` ON `users`')).toEqual(['alter']);
    expect(roles('ALTER TABLE `users` RENAME TO `people`')).toEqual(['structure']);
    expect(roles('DROP TABLE IF EXISTS `users`')).toEqual(['structure']);
    expect(roles('TRUNCATE TABLE `users`')).toEqual(['structure']);
    expect(roles('CREATE PROCEDURE p() BEGIN SELECT 1; END')).toEqual(['opaque']);
    expect(roles('CALL p()')).toEqual(['opaque']);
    expect(roles('CREATE VIEW v AS SELECT 1')).toEqual(['opaque']);
  });

  it("keeps string literals, and drops the chain schema's name from qualified tables", () => {
    const [statement] = statementsOf("ALTER TABLE `mg_1_chain`.`users` COMMENT 'a; b'", 'mg_1_chain');
    expect(statement).toMatchObject({ role: 'alter', table: 'users', sql: "ALTER TABLE `users` COMMENT 'a; b'" });
    const [truncate] = statementsOf('TRUNCATE `users`', 'mg_1_chain');
    expect(truncate).toMatchObject({ role: 'structure', kind: 'truncate', tables: ['users'] });
  });
});

describe('withAttempt', () => {
  type Alter = Extract<ReturnType<typeof statementsOf>[number], { role: 'alter' }>;
  const alter = statementsOf('ALTER TABLE `users` MODIFY `name` TEXT;', 's')[0] as Alter;
  const index = statementsOf('CREATE INDEX `ix` ON `users` (`name`)', 's')[0] as Alter;

  it('puts an ALGORITHM clause among an ALTER TABLE’s changes', () => {
    expect(withAttempt(alter, LADDER[0]!)).toBe('ALTER TABLE `users` MODIFY `name` TEXT, ALGORITHM=INSTANT');
    expect(withAttempt(alter, LADDER[1]!)).toBe('ALTER TABLE `users` MODIFY `name` TEXT, ALGORITHM=INPLACE, LOCK=NONE');
  });

  it('puts it after CREATE INDEX as an option, space-separated', () => {
    expect(withAttempt(index, { algorithm: 'INPLACE', online: false })).toBe(
      'CREATE INDEX `ix` ON `users` (`name`) ALGORITHM=INPLACE',
    );
  });

  it('reads the algorithm a statement names itself, never from a string literal', () => {
    const written = (sql: string) => writtenClause((statementsOf(sql, 's')[0] as Alter).text);
    expect(written('ALTER TABLE t ADD INDEX ix (a), ALGORITHM=INPLACE')).toEqual({ algorithm: 'INPLACE', lock: null });
    expect(written('ALTER TABLE t LOCK=NONE, ALGORITHM=NOCOPY, ADD c INT')).toEqual({
      algorithm: 'INPLACE',
      lock: 'NONE',
    });
    expect(written("ALTER TABLE t ADD c INT COMMENT 'algorithm copy'")).toBeNull();
  });
});

describe('the probe stays in its own schema', () => {
  it('leaves out USE, and a statement on another schema or on the chain’s spelt another way', () => {
    const roles = (sql: string) => statementsOf(sql, 'mg_1_chain').map((statement) => statement.role);
    expect(roles('USE `mg_1_chain`')).toEqual(['read']);
    expect(roles('ALTER TABLE other.users ADD c INT')).toEqual(['opaque']);
    expect(roles('ALTER TABLE `MG_1_CHAIN` . `users` ADD c INT')).toEqual(['alter']);
    expect(roles('CREATE DATABASE x')).toEqual(['opaque']);
  });
});

describe('renamesIn', () => {
  it('takes renames from the statements themselves: RENAME TABLE, RENAME TO, RENAME COLUMN and CHANGE', () => {
    const renamed = renamesIn([
      ...statementsOf('RENAME TABLE `a` TO `b`, `c` TO `d`', 's'),
      ...statementsOf('ALTER TABLE `users` RENAME COLUMN `fullname` TO `name`', 's'),
      ...statementsOf('ALTER TABLE `orders` CHANGE `total` `totalAmount` DECIMAL(10,2) NOT NULL', 's'),
      ...statementsOf('ALTER TABLE `orders` CHANGE `status` `status` VARCHAR(20)', 's'),
      ...statementsOf('ALTER TABLE `e` RENAME TO `f`', 's'),
    ]);
    expect([...renamed]).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['users.fullname', 'name'],
      ['orders.total', 'totalAmount'],
      ['e', 'f'],
    ]);
  });
});

describe('refusals', () => {
  it("tells the server's refusal of an algorithm from any other error, and reads its reason", () => {
    const message =
      'ALGORITHM=INPLACE is not supported. Reason: Cannot change column type INPLACE. Try ALGORITHM=COPY.';
    expect(isRefusal({ errno: 1846, message })).toBe(true);
    expect(isRefusal({ errno: 1064, message: 'You have an error in your SQL syntax' })).toBe(false);
    expect(refusalReason(message)).toBe('Cannot change column type INPLACE');
    expect(refusalReason('ALGORITHM=INSTANT is not supported for this operation. Try ALGORITHM=COPY/INPLACE.')).toBe(
      'ALGORITHM=INSTANT is not supported for this operation. Try ALGORITHM=COPY/INPLACE',
    );
  });
});

describe('sampleRows', () => {
  it('writes a few rows every column takes, numbers counting up so that foreign keys to id find theirs', () => {
    const table = aTable('orders', {
      columns: [
        aColumn({ name: 'id', autoIncrement: true }),
        aColumn({ name: 'user_id', type: 'int unsigned' }),
        aColumn({ name: 'status', type: "enum('new','paid')" }),
        aColumn({ name: 'placed', type: 'datetime(3)' }),
        aColumn({ name: 'total', type: 'generated', generated: { expression: '1', stored: false } }),
      ],
    });
    expect(sampleRows(table)).toBe(
      "INSERT IGNORE INTO `orders` (`id`, `user_id`, `status`, `placed`) VALUES (1, 1, 'new', '2024-01-01 00:00:00'), (2, 2, 'paid', '2024-01-02 00:00:00'), (3, 3, 'new', '2024-01-03 00:00:00')",
    );
    expect(sample(aColumn({ type: 'tinyint(1)' }), 3)).toBe('1');
    expect(sample(aColumn({ type: 'vector(3)', nullable: true }), 1)).toBe('NULL');
  });
});

describe('narrowing', () => {
  it.each([
    ['varchar(100)', 'varchar(20)', /holds 20 characters where it held 100/],
    ['text', 'varchar(255)', /holds 255/],
    ['bigint', 'int', /is a int where it was a bigint/],
    ['int', 'int unsigned', /negative values/],
    ['decimal(10,2)', 'decimal(10,1)', /1 decimal places/],
    ['decimal(10,2)', 'decimal(8,2)', /fewer integer digits/],
    ['datetime(3)', 'datetime', /fractional digits/],
    ['datetime', 'date', /datetime values become date/],
    ["enum('a','b')", "enum('a')", /no longer allows 'b'/],
    ['varchar(20)', 'int', /varchar\(20\) values become int/],
    ['bigint', 'double', /values become double/],
    ['bit(8)', 'bit(1)', /1 bits where it held 8/],
    ["set('a','b')", "enum('a','b')", /where it was a set/],
  ])('%s to %s loses values', (before, after, why) => {
    expect(narrowing(before, after)).toMatch(why);
  });

  it.each([
    ['varchar(20)', 'varchar(100)'],
    ['varchar(255)', 'text'],
    ['int', 'bigint'],
    ['int unsigned', 'bigint'],
    ['date', 'datetime'],
    ['int', 'varchar(20)'],
    ["enum('a')", "enum('a','b')"],
    ['float', 'double'],
    ['int', 'decimal(20,0)'],
    ['int', 'double'],
    ['json', 'longtext'],
  ])('%s to %s keeps every value', (before, after) => {
    expect(narrowing(before, after)).toBeNull();
  });
});

describe('safetyFindings', () => {
  const step: Step = {
    name: '002-change.js',
    file: '/p/migrations/002-change.js',
    downFile: null,
    up: async () => {},
    down: async () => {},
    upLine: 2,
    downLine: 6,
  };
  const source = [
    'module.exports = {',
    '  up: async ({ context: qi }) => {',
    "    await qi.changeColumn('users', 'fullname', { type: 'TEXT' });",
    "    await qi.removeColumn('users', 'api_token');",
    '  },',
    '  down: async () => {},',
    '};',
  ].join('\n');
  const users = (columns: string[][]) =>
    aTable('users', { columns: columns.map(([name, type]) => aColumn({ name, type })) });
  const before = aSchema(
    users([
      ['id', 'int'],
      ['fullname', 'varchar(100)'],
      ['api_token', 'varchar(64)'],
    ]),
  );
  const after = aSchema(
    users([
      ['id', 'int'],
      ['fullname', 'varchar(20)'],
    ]),
  );
  const probe = (overrides: Partial<StepProbe> = {}): StepProbe => ({
    step: 1,
    measured: [],
    unmeasured: [],
    truncated: [],
    stopped: null,
    renamed: [],
    ...overrides,
  });
  const evidence = (overrides: Partial<SafetyEvidence> = {}): SafetyEvidence => ({
    server: 'MySQL 9.7.0',
    probes: [probe()],
    snapshots: [aSchema(), before, after],
    added: null,
    sources: { [step.file]: source },
    baseModel: null,
    headModel: null,
    ...overrides,
  });
  const entries = [{ ...step, name: '001.js' }, step];

  it('makes a table-copy finding of a COPY, with the algorithm and the server’s reason, on the statement’s line', () => {
    const measured = {
      sql: 'ALTER TABLE `users` CHANGE `fullname` `fullname` TEXT',
      table: 'users',
      algorithm: 'COPY' as const,
      online: false,
      rebuild: true,
      reason: 'Cannot change column type INPLACE',
      asWritten: false,
    };
    const found = safetyFindings(evidence({ probes: [probe({ measured: [measured] })] }), entries);
    const copy = found.find((finding) => finding.kind === 'table-copy')!;
    expect(copy.message).toMatch(
      /copies table users.*MySQL 9\.7\.0 chose ALGORITHM=COPY.*Cannot change column type INPLACE/,
    );
    expect(copy.line).toBe(3);
    expect(copy.probe).toMatchObject({ algorithm: 'COPY', online: false, reason: 'Cannot change column type INPLACE' });
    expect(
      safetyFindings(
        evidence({
          probes: [
            probe({ measured: [{ ...measured, algorithm: 'INSTANT', online: true, rebuild: false, reason: null }] }),
          ],
        }),
        entries,
      ).filter((finding) => finding.kind === 'table-copy'),
    ).toEqual([]);
  });

  it('makes destructive findings of a dropped column and a narrowed one, each on its line', () => {
    const found = safetyFindings(evidence(), entries).filter((finding) => finding.kind === 'destructive');
    expect(found.map((finding) => [finding.column, finding.line])).toEqual([
      ['api_token', 4],
      ['fullname', 3],
    ]);
    expect(found[1]!.message).toMatch(/from varchar\(100\) to varchar\(20\): it holds 20 characters/);
  });

  it('finds nothing destroyed in what the pull request itself created, and what production has still destroyed', () => {
    const destroyed = (added: Set<number> | null) =>
      safetyFindings(evidence({ added }), entries)
        .filter((finding) => finding.kind === 'destructive')
        .map((finding) => finding.column);
    // 001 created users, and it is new too: its columns never held production's data
    expect(destroyed(new Set([0, 1]))).toEqual([]);
    // 001 is released: production has users and its values
    expect(destroyed(new Set([1]))).toEqual(['api_token', 'fullname']);
    // --lint-all: which steps production ran is not known
    expect(destroyed(null)).toEqual(['api_token', 'fullname']);
  });

  it('makes a breaking-change error of a column the base commit’s model maps, naming the model line', () => {
    const baseModel = { sha: 'abc1234', schema: before, where: { 'users.api_token': 'models/user.ts:14' } };
    const found = safetyFindings(evidence({ baseModel }), entries).filter(
      (finding) => finding.kind === 'breaking-change',
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'error', column: 'api_token', line: 4 });
    expect(found[0]!.message).toMatch(
      /drops users\.api_token, which the app at the base commit abc1234 still uses \(models\/user\.ts:14\)/,
    );
    // the working tree's model still maps it: that is drift, the new app breaks as well
    const mapped = safetyFindings(evidence({ baseModel, headModel: before }), entries);
    expect(mapped.filter((finding) => finding.kind === 'breaking-change')).toEqual([]);
  });

  it('says in a notice what the probe could not measure', () => {
    const found = safetyFindings(
      evidence({ probes: [probe({ unmeasured: [{ sql: 'UPDATE users SET a = 1', why: 'UPDATE writes rows' }] })] }),
      entries,
    ).filter((finding) => finding.kind === 'not-probed');
    expect(found).toMatchObject([
      { severity: 'notice', message: '002-change.js: 1 statement(s) not measured: UPDATE writes rows' },
    ]);
  });
});
