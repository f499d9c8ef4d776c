import { describe, expect, it } from 'vitest';
import type { LoadFailure, Step } from '../../src/chain/types.js';
import { describeDifference, MODEL_SIDES, statementLines, subject, summarise } from '../../src/findings/describe.js';
import {
  aspectOf,
  driftFindings,
  groupDependents,
  modelFindings,
  replayFindings,
  type Strictness,
} from '../../src/findings/make.js';
import { byImportance, FINDING_KINDS, unplaced, type Finding, type FindingKind } from '../../src/findings/types.js';
import { hintFor } from '../../src/findings/hints.js';
import { applySeverities } from '../../src/findings/ignore.js';
import type { AppliedModel, TableSource } from '../../src/model/types.js';
import type { StepFailure, StepProblem } from '../../src/replay/types.js';
import { diffSchemas, type Difference } from '../../src/schema/diff.js';
import type { Schema } from '../../src/schema/types.js';
import { aCheck, aColumn, aForeignKey, anIndex, aPart, aSchema, aTable } from './builders.js';

const LENIENT: Strictness = { strictNames: false, strictColumnOrder: false };
const STRICT: Strictness = { strictNames: true, strictColumnOrder: true };

const noop = async () => {};

function aStep(name: string, overrides: Partial<Step> = {}): Step {
  return {
    name,
    file: `/project/migrations/${name}`,
    downFile: null,
    up: noop,
    down: noop,
    upLine: 4,
    downLine: 12,
    ...overrides,
  };
}

function aFailure(overrides: Partial<StepFailure> = {}): StepFailure {
  return {
    message: 'ER_NO_SUCH_TABLE (1146): boom',
    file: '/project/migrations/x.js',
    line: 7,
    server: null,
    ...overrides,
  };
}

function aDifference(overrides: Partial<Difference> = {}): Difference {
  return {
    kind: 'changed',
    object: 'column',
    table: 'user',
    name: 'email',
    attribute: 'type',
    expected: 'varchar(255)',
    actual: 'text',
    ...overrides,
  };
}

const renamed = aDifference({
  kind: 'renamed',
  object: 'index',
  name: 'ux_user_email',
  attribute: 'name',
  expected: 'ux_user_email',
  actual: 'user_email_unique',
});
const reordered = aDifference({
  kind: 'column-order',
  name: null,
  attribute: 'order',
  expected: ['id', 'email'],
  actual: ['email', 'id'],
});

describe('replayFindings', () => {
  const loadFailure: LoadFailure = {
    name: '003-broken.js',
    file: '/project/migrations/003-broken.js',
    line: 9,
    message: 'Unexpected token',
  };
  const entries: (Step | LoadFailure)[] = [
    aStep('001-user.js'),
    aStep('002-org.sql', {
      file: '/project/migrations/002-org.sql',
      downFile: '/project/migrations/002-org.down.sql',
      upLine: 1,
      downLine: 1,
    }),
    loadFailure,
  ];

  it.each([
    [
      'not-loaded',
      { kind: 'not-loaded', step: 2, failure: aFailure({ file: 'ignored', line: 9, message: 'Unexpected token' }) },
      {
        kind: 'load-error',
        severity: 'error',
        file: loadFailure.file,
        line: 9,
        direction: null,
        migration: '003-broken.js',
      },
      /cannot load migration 003-broken\.js: Unexpected token/,
    ],
    [
      'failed up',
      {
        kind: 'failed',
        step: 0,
        direction: 'up',
        failure: aFailure({ file: '/project/migrations/001-user.js', line: 7 }),
        statements: [],
      },
      {
        kind: 'migration-error',
        severity: 'error',
        file: '/project/migrations/001-user.js',
        line: 7,
        direction: 'up',
        migration: '001-user.js',
      },
      /001-user\.js up failed: ER_NO_SUCH_TABLE/,
    ],
    [
      'failed down',
      {
        kind: 'failed',
        step: 1,
        direction: 'down',
        failure: aFailure({ file: '/project/migrations/002-org.down.sql', line: 3 }),
        statements: [],
      },
      {
        kind: 'migration-error',
        severity: 'error',
        file: '/project/migrations/002-org.down.sql',
        line: 3,
        direction: 'down',
        migration: '002-org.sql',
      },
      /002-org\.sql down failed/,
    ],
    [
      'timeout on re-up',
      {
        kind: 'timeout',
        step: 0,
        direction: 're-up',
        failure: aFailure({ file: '/project/migrations/001-user.js', line: null, message: 'did not finish' }),
        statements: [],
      },
      {
        kind: 'migration-error',
        severity: 'error',
        file: '/project/migrations/001-user.js',
        line: null,
        direction: 're-up',
        migration: '001-user.js',
      },
      /001-user\.js re-up timed out: did not finish/,
    ],
    [
      'irreversible',
      { kind: 'irreversible', step: 0 },
      {
        kind: 'irreversible',
        severity: 'error',
        file: '/project/migrations/001-user.js',
        line: 4,
        direction: 'down',
        migration: '001-user.js',
      },
      /001-user\.js has no down/,
    ],
  ] satisfies [string, StepProblem, Partial<Finding>, RegExp][])(
    '%s → one finding',
    (_what, problem, expected, message) => {
      const findings = replayFindings([problem], entries, LENIENT);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ ...expected, table: null, column: null, differences: [] });
      expect(findings[0]!.message).toMatch(message);
    },
  );

  it('keeps one finding per problem, in order', () => {
    const problems: StepProblem[] = [
      { kind: 'irreversible', step: 0 },
      { kind: 'failed', step: 1, direction: 'up', failure: aFailure(), statements: [] },
    ];
    expect(replayFindings(problems, entries, LENIENT).map((finding) => finding.kind)).toEqual([
      'irreversible',
      'migration-error',
    ]);
  });

  describe('mismatch', () => {
    const substantive = aDifference();
    const missingIndex = aDifference({
      kind: 'missing',
      object: 'index',
      name: 'ix_a',
      attribute: null,
      expected: anIndex('ix_a', ['a']),
      actual: null,
    });

    it('puts a down mismatch on the down file and line, naming both sides', () => {
      const findings = replayFindings(
        [{ kind: 'mismatch', step: 1, direction: 'down', differences: [substantive, missingIndex], statements: [] }],
        entries,
        LENIENT,
      );
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        kind: 'down-mismatch',
        severity: 'error',
        file: '/project/migrations/002-org.down.sql',
        line: 1,
        table: 'user',
        column: 'email',
        migration: '002-org.sql',
        direction: 'down',
        differences: [substantive, missingIndex],
      });
      expect(findings[0]!.message).toContain('down of 002-org.sql does not restore the schema');
      expect(findings[0]!.message).toContain('schema before the step varchar(255), schema after its down text');
      expect(findings[0]!.message).toContain('index ix_a on user (INDEX (a))');
    });

    it('puts a down mismatch of a migration without down file on its own file and down line', () => {
      const [finding] = replayFindings(
        [{ kind: 'mismatch', step: 0, direction: 'down', differences: [substantive], statements: [] }],
        entries,
        LENIENT,
      );
      expect([finding!.file, finding!.line]).toEqual(['/project/migrations/001-user.js', 12]);
    });

    it('puts a re-up mismatch on the up file and line', () => {
      const [finding] = replayFindings(
        [{ kind: 'mismatch', step: 1, direction: 're-up', differences: [substantive], statements: [] }],
        entries,
        LENIENT,
      );
      expect(finding).toMatchObject({
        kind: 'reup-mismatch',
        file: '/project/migrations/002-org.sql',
        line: 1,
        direction: 're-up',
      });
      expect(finding!.message).toContain('re-running 002-org.sql after its down gives another schema');
      expect(finding!.message).toContain('first up varchar(255), re-up text');
    });

    it('names no column when the first difference is not about a column', () => {
      const [finding] = replayFindings(
        [{ kind: 'mismatch', step: 0, direction: 'down', differences: [missingIndex], statements: [] }],
        entries,
        LENIENT,
      );
      expect([finding!.table, finding!.column]).toEqual(['user', null]);
    });

    it.each([
      ['lenient', LENIENT, 'warning'],
      ['strict', STRICT, 'error'],
    ] as const)('splits cosmetic differences into findings of their own (%s → %s)', (_what, strictness, severity) => {
      const findings = replayFindings(
        [
          {
            kind: 'mismatch',
            step: 0,
            direction: 'down',
            differences: [substantive, renamed, reordered],
            statements: [],
          },
        ],
        entries,
        strictness,
      );
      expect(findings.map((finding) => [finding.kind, finding.severity, finding.differences])).toEqual([
        ['down-mismatch', 'error', [substantive]],
        ['name-only', severity, [renamed]],
        ['column-order', severity, [reordered]],
      ]);
      for (const finding of findings.slice(1)) {
        expect(finding).toMatchObject({
          file: '/project/migrations/001-user.js',
          line: 12,
          migration: '001-user.js',
          direction: 'down',
        });
        expect(finding.message).toMatch(/^down of 001-user\.js: /);
      }
      expect(findings[1]!.message).toContain('is named user_email_unique');
      expect(findings[2]!.message).toContain('(id, email)');
      expect(findings[2]!.message).toContain('(email, id)');
    });

    it('makes only cosmetic findings when nothing substantive differs', () => {
      const findings = replayFindings(
        [{ kind: 'mismatch', step: 0, direction: 're-up', differences: [renamed], statements: [] }],
        entries,
        LENIENT,
      );
      expect(findings.map((finding) => finding.kind)).toEqual(['name-only']);
      expect(findings[0]!.message).toMatch(/^re-up of 001-user\.js: /);
    });

    it.each([
      [{ strictNames: true, strictColumnOrder: false }, ['error', 'warning']],
      [{ strictNames: false, strictColumnOrder: true }, ['warning', 'error']],
    ])('applies each strictness to its own kind (%j)', (strictness, severities) => {
      const findings = replayFindings(
        [{ kind: 'mismatch', step: 0, direction: 'down', differences: [renamed, reordered], statements: [] }],
        entries,
        strictness,
      );
      expect(findings.map((finding) => finding.severity)).toEqual(severities);
    });
  });
});

describe('driftFindings', () => {
  const MODEL_FILE = '/project/models/user.js';
  const MODEL_TEXT = [
    "const { DataTypes } = require('sequelize');", // 1
    '', // 2
    'module.exports = (sequelize) =>', // 3
    "  sequelize.define('User', {", // 4
    '    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },', // 5
    '    email: { type: DataTypes.STRING, allowNull: false },', // 6
    "    apiToken: { type: DataTypes.STRING(64), field: 'api_token' },", // 7
    '  }, {', // 8
    "    tableName: 'user',", // 9
    "    indexes: [{ name: 'ux_user_email', unique: true, fields: ['email'] }],", // 10
    '  });', // 11
  ].join('\n');
  const source: TableSource = { file: MODEL_FILE, line: 4, text: MODEL_TEXT, attributes: { api_token: 'apiToken' } };
  const model: AppliedModel = { kind: 'sequelize', sources: { user: source }, failures: [], files: [MODEL_FILE] };

  const create = aStep('001-create-user.js', { upLine: 3 });
  const addToken = aStep('002-add-token.js', { upLine: 5 });
  const addLog = aStep('003-create-log.js', { upLine: 6 });
  const steps = [create, addToken, addLog];
  const user0 = aTable('user', {
    columns: [aColumn({ name: 'id' }), aColumn({ name: 'email', type: 'varchar(255)' })],
  });
  const user1 = aTable('user', { columns: [...user0.columns, aColumn({ name: 'api_token', type: 'varchar(32)' })] });
  const log = aTable('log');
  /** After 0, 1, 2, 3 steps. */
  const snapshots: Schema[] = [aSchema(), aSchema(user0), aSchema(user1), aSchema(user1, log)];
  const attribution = { snapshots, steps };

  it.each([
    ['a column attribute', aDifference({ name: 'email' }), 6, '001-create-user.js'],
    [
      'a column declared under another attribute name',
      aDifference({ name: 'api_token', expected: 'varchar(64)', actual: 'varchar(32)' }),
      7,
      '002-add-token.js',
    ],
    [
      'an index, by its name',
      aDifference({
        kind: 'missing',
        object: 'index',
        name: 'ux_user_email',
        attribute: null,
        expected: anIndex('ux_user_email', ['email'], { unique: true }),
        actual: null,
      }),
      10,
      null,
    ],
    [
      'the table itself',
      aDifference({ object: 'table', name: null, attribute: 'comment', expected: 'people', actual: '' }),
      4,
      '001-create-user.js',
    ],
    ['the column order', reordered, 4, '002-add-token.js'],
  ] as const)('locates %s in the model source and blames the migration', (_what, difference, line, blamed) => {
    const [finding] = driftFindings([difference], model, attribution, LENIENT);
    expect(finding).toMatchObject({
      file: MODEL_FILE,
      line,
      table: 'user',
      migration: blamed,
      differences: [difference],
    });
    if (blamed) expect(finding!.message).toMatch(new RegExp(`\\(last changed by ${blamed}\\)$`));
    else expect(finding!.message).not.toContain('last changed by');
  });

  it('falls back to the table line when the member is not in the source', () => {
    const [finding] = driftFindings([aDifference({ name: 'nowhere_to_be_found' })], model, attribution, LENIENT);
    expect(finding!.line).toBe(4);
  });

  it('puts a table the model lacks on the migration that created it', () => {
    const extra = aDifference({
      kind: 'extra',
      object: 'table',
      table: 'log',
      name: null,
      attribute: null,
      expected: null,
      actual: log,
    });
    const [finding] = driftFindings([extra], model, attribution, LENIENT);
    expect(finding).toMatchObject({
      kind: 'drift',
      severity: 'error',
      file: create.file.replace('001-create-user.js', '003-create-log.js'),
      line: 6,
      migration: '003-create-log.js',
      table: 'log',
    });
    expect(finding!.message).toBe(
      'table log (table) is in the migrations but not in the model (added by 003-create-log.js)',
    );
  });

  it('has no file nor line when neither the model nor the snapshots know the table', () => {
    const missing = aDifference({
      kind: 'missing',
      object: 'table',
      table: 'ghost',
      name: null,
      attribute: null,
      expected: aTable('ghost'),
      actual: null,
    });
    const [finding] = driftFindings([missing], model, attribution, LENIENT);
    expect(finding).toMatchObject({ file: null, line: null, migration: null });
    expect(finding!.message).toBe('table ghost (table) is in the model but not in the migrations');
  });

  it('blames the migration that dropped a column the model still has', () => {
    const dropped = aTable('user', { columns: [aColumn({ name: 'id' })] });
    const [finding] = driftFindings(
      [aDifference({ kind: 'missing', name: 'email', attribute: null, expected: user0.columns[1], actual: null })],
      model,
      { snapshots: [aSchema(), aSchema(user0), aSchema(dropped)], steps: [create, addToken] },
      LENIENT,
    );
    expect(finding!.migration).toBe('002-add-token.js');
    expect(finding!.message).toMatch(/\(removed by 002-add-token\.js\)$/);
  });

  it('folds an index and a foreign key missing with their column into the column finding', () => {
    const column = aDifference({
      kind: 'missing',
      name: 'org_id',
      attribute: null,
      expected: aColumn({ name: 'org_id' }),
      actual: null,
    });
    const index = aDifference({
      kind: 'missing',
      object: 'index',
      name: 'ix_user_org',
      attribute: null,
      expected: anIndex('ix_user_org', ['org_id', 'email']),
      actual: null,
    });
    const key = aDifference({
      kind: 'missing',
      object: 'foreignKey',
      name: 'fk_user_org',
      attribute: null,
      expected: aForeignKey('fk_user_org', ['org_id'], 'org'),
      actual: null,
    });
    const findings = driftFindings([index, column, key], model, attribution, LENIENT);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'drift', column: 'org_id', differences: [column, index, key] });
    expect(findings[0]!.message).toContain(
      'user.org_id (int NOT NULL) is in the model but not in the migrations, and with it index ix_user_org on user, foreign key user(org_id) → org(id) [fk_user_org]',
    );
  });

  it('makes a drift error of every substantive difference, with the column named', () => {
    const findings = driftFindings([aDifference()], model, attribution, LENIENT);
    expect(findings[0]).toMatchObject({ kind: 'drift', severity: 'error', column: 'email', direction: null });
    expect(findings[0]!.message).toContain('user.email type: model varchar(255), migrations text');
  });

  it.each([
    [LENIENT, 'warning'],
    [STRICT, 'error'],
  ] as const)('makes name-only and column-order findings of cosmetic drift (%j → %s)', (strictness, severity) => {
    const findings = driftFindings([renamed, reordered], model, attribution, strictness);
    expect(findings.map((finding) => [finding.kind, finding.severity])).toEqual([
      ['name-only', severity],
      ['column-order', severity],
    ]);
    expect(findings[0]!.message).toContain('index ux_user_email on user is named user_email_unique in the migrations');
    expect(findings[0]!.line).toBe(10);
  });

  // Bug: causeOf/lookup reduce a table-level difference (engine, collation, comment) to "the table
  // exists", so the blame goes to the migration that created the table, not the one that changed it.
  it('blames the migration that changed a table attribute, not the one that created the table', () => {
    const created = aTable('user', { comment: '' });
    const commented = aTable('user', { comment: 'people' });
    const [finding] = driftFindings(
      [aDifference({ object: 'table', name: null, attribute: 'comment', expected: '', actual: 'people' })],
      model,
      { snapshots: [aSchema(), aSchema(created), aSchema(commented)], steps: [create, addToken] },
      LENIENT,
    );
    expect(finding!.migration).toBe('002-add-token.js');
  });
});

describe('groupDependents', () => {
  const missingColumn = (name: string, table = 'user') =>
    aDifference({ kind: 'missing', table, name, attribute: null, expected: aColumn({ name }), actual: null });
  const extraColumn = (name: string) =>
    aDifference({ kind: 'extra', name, attribute: null, expected: null, actual: aColumn({ name }) });
  const missingIndex = (name: string, columns: string[], table = 'user') =>
    aDifference({
      kind: 'missing',
      object: 'index',
      table,
      name,
      attribute: null,
      expected: anIndex(name, columns),
      actual: null,
    });
  const extraIndex = (name: string, columns: string[]) =>
    aDifference({
      kind: 'extra',
      object: 'index',
      name,
      attribute: null,
      expected: null,
      actual: anIndex(name, columns),
    });
  const extraKey = (name: string, columns: string[]) =>
    aDifference({
      kind: 'extra',
      object: 'foreignKey',
      name,
      attribute: null,
      expected: null,
      actual: aForeignKey(name, columns, 'org'),
    });

  const names = (groups: Difference[][]) => groups.map((group) => group.map((d) => `${d.kind} ${d.object} ${d.name}`));

  it('puts a missing index on a missing column into the column group', () => {
    expect(names(groupDependents([missingIndex('ix_token', ['token']), missingColumn('token')]))).toEqual([
      ['missing column token', 'missing index ix_token'],
    ]);
  });

  it('puts an extra index and foreign key on an extra column into the column group', () => {
    expect(
      names(groupDependents([extraColumn('org_id'), extraIndex('ix_org', ['org_id']), extraKey('fk_org', ['org_id'])])),
    ).toEqual([['extra column org_id', 'extra index ix_org', 'extra foreignKey fk_org']]);
  });

  it.each([
    ['another column', [missingColumn('token'), missingIndex('ix_email', ['email'])]],
    ['another table', [missingColumn('token'), missingIndex('ix_token', ['token'], 'org')]],
    ['the opposite kind', [missingColumn('token'), extraIndex('ix_token', ['token'])]],
    ['a changed column', [aDifference({ name: 'token' }), missingIndex('ix_token', ['token'])]],
  ])('keeps an index on %s on its own', (_what, differences) => {
    expect(groupDependents(differences)).toEqual(differences.map((difference) => [difference]));
  });

  it('gives a dependent to one column only, and keeps the rest after the groups', () => {
    const both = missingIndex('ix_a_b', ['a', 'b']);
    const other = aDifference({ attribute: 'comment', expected: '', actual: 'x' });
    expect(names(groupDependents([other, missingColumn('a'), missingColumn('b'), both]))).toEqual([
      ['missing column a', 'missing index ix_a_b'],
      ['missing column b'],
      ['changed column email'],
    ]);
  });
});

describe('modelFindings', () => {
  it('makes one model-error per failure, worded by whether a table is known', () => {
    const model: AppliedModel = {
      kind: 'sql',
      sources: {},
      files: ['/project/schema.sql'],
      failures: [
        { file: '/project/schema.sql', line: 12, table: 'user', message: 'ER_PARSE_ERROR: near ...' },
        { file: '/project/models/bad.js', line: null, table: null, message: 'Cannot find module x' },
      ],
    };
    expect(modelFindings(model)).toEqual([
      {
        kind: 'model-error',
        severity: 'error',
        message: 'model table user cannot be created: ER_PARSE_ERROR: near ...',
        file: '/project/schema.sql',
        line: 12,
        table: 'user',
        column: null,
        migration: null,
        direction: null,
        differences: [],
      },
      expect.objectContaining({
        message: 'cannot load model /project/models/bad.js: Cannot find module x',
        file: '/project/models/bad.js',
        line: null,
        table: null,
      }),
    ]);
  });

  it('makes none without failures', () => {
    expect(modelFindings({ kind: 'sequelize', sources: {}, failures: [], files: [] })).toEqual([]);
  });
});

describe('byImportance', () => {
  const finding = (
    severity: Finding['severity'],
    file: string | null,
    line: number | null,
    message = 'm',
  ): Finding => ({
    kind: 'drift',
    severity,
    message,
    file,
    line,
    table: null,
    column: null,
    migration: null,
    direction: null,
    differences: [],
  });

  it('orders errors, warnings, notices, then by file, line and message', () => {
    const findings = [
      finding('notice', '/a', 1),
      finding('warning', '/a', 1),
      finding('error', '/b', 1),
      finding('error', '/a', 20),
      finding('error', '/a', 3, 'z'),
      finding('error', '/a', 3, 'a'),
      finding('error', null, null),
    ];
    const sorted = [...findings].sort(byImportance).map((f) => `${f.severity} ${f.file}:${f.line} ${f.message}`);
    expect(sorted).toEqual([
      'error null:null m',
      'error /a:3 a',
      'error /a:3 z',
      'error /a:20 m',
      'error /b:1 m',
      'warning /a:1 m',
      'notice /a:1 m',
    ]);
  });

  it('orders lines numerically, not as text', () => {
    expect(byImportance(finding('error', '/a', 9), finding('error', '/a', 10))).toBeLessThan(0);
  });
});

describe('describeDifference', () => {
  it.each([
    [aDifference(), 'user.email type: model varchar(255), migrations text'],
    [
      aDifference({ attribute: 'nullable', expected: false, actual: true }),
      'user.email nullable: model no, migrations yes',
    ],
    [
      aDifference({ attribute: 'default', expected: null, actual: "''" }),
      "user.email default: model none, migrations ''",
    ],
    [aDifference({ attribute: 'comment', expected: '', actual: 'x' }), "user.email comment: model '', migrations x"],
    [
      aDifference({ attribute: 'generated', expected: { expression: 'a + 1', stored: true }, actual: null }),
      'user.email generated: model AS (a + 1) STORED, migrations none',
    ],
    [
      aDifference({
        object: 'primaryKey',
        name: 'PRIMARY',
        attribute: 'columns',
        expected: ['id'],
        actual: ['id', 'org_id'],
      }),
      'primary key of user columns: model (id), migrations (id, org_id)',
    ],
    [
      aDifference({
        object: 'index',
        name: 'ix',
        attribute: 'parts',
        expected: [aPart('a')],
        actual: [aPart('a', { prefix: 8, descending: true })],
      }),
      'index ix on user parts: model (a), migrations (a(8) DESC)',
    ],
    [
      aDifference({
        kind: 'missing',
        name: 'api_token',
        attribute: null,
        expected: aColumn({ name: 'api_token', type: 'char(64)', nullable: true, default: "'x'" }),
        actual: null,
      }),
      "user.api_token (char(64) NULL DEFAULT 'x') is in the model but not in the migrations",
    ],
    [
      aDifference({
        kind: 'extra',
        name: 'created',
        attribute: null,
        expected: null,
        actual: aColumn({
          type: 'datetime',
          default: 'CURRENT_TIMESTAMP',
          onUpdate: 'CURRENT_TIMESTAMP',
          autoIncrement: true,
        }),
      }),
      'user.created (datetime NOT NULL DEFAULT CURRENT_TIMESTAMP AUTO_INCREMENT ON UPDATE CURRENT_TIMESTAMP) is in the migrations but not in the model',
    ],
    [renamed, 'index ux_user_email on user is named user_email_unique in the migrations'],
    [reordered, 'columns of user are in another order: model (id, email), migrations (email, id)'],
  ] as const)('%#: %s', (difference, expected) => {
    expect(describeDifference(difference as Difference, MODEL_SIDES)).toBe(expected);
  });

  it('uses the sides it is given', () => {
    expect(describeDifference(aDifference(), { expected: 'before', actual: 'after' })).toBe(
      'user.email type: before varchar(255), after text',
    );
  });

  it.each([
    [aDifference({ object: 'table', name: null }), 'table user'],
    [aDifference({ object: 'column', name: 'email' }), 'user.email'],
    [aDifference({ object: 'column', name: null }), 'columns of user'],
    [aDifference({ object: 'primaryKey', name: 'PRIMARY' }), 'primary key of user'],
    [aDifference({ object: 'index', name: 'ix' }), 'index ix on user'],
    [aDifference({ object: 'foreignKey', name: 'fk' }), 'foreign key fk on user'],
    [aDifference({ object: 'check', name: 'ck' }), 'check ck on user'],
  ])('subject of %j is %s', (difference, expected) => {
    expect(subject(difference)).toBe(expected);
  });
});

describe('summarise', () => {
  it.each([
    [aTable('user'), 'table'],
    [aColumn({ type: 'int unsigned', autoIncrement: true }), 'int unsigned NOT NULL AUTO_INCREMENT'],
    [
      aColumn({ type: 'varchar(9)', nullable: true, generated: { expression: 'lower(a)', stored: false } }),
      'varchar(9) NULL AS (lower(a)) VIRTUAL',
    ],
    [anIndex('ux', ['a', aPart('b', { descending: true })], { unique: true }), 'UNIQUE INDEX (a, b DESC)'],
    [anIndex('ft', ['body'], { kind: 'fulltext', visible: false }), 'FULLTEXT INDEX (body) INVISIBLE'],
    [anIndex('fx', [aPart('', { column: null, expression: 'lower(email)' })]), 'INDEX ((lower(email)))'],
    [
      aForeignKey('fk', ['org_id'], 'org', { onDelete: 'CASCADE', onUpdate: 'SET NULL' }),
      'FOREIGN KEY (org_id) REFERENCES org (id) ON DELETE CASCADE ON UPDATE SET NULL',
    ],
    [aCheck('ck', 'n > 0'), 'CHECK (n > 0)'],
    [null, 'none'],
    ['text', 'text'],
  ])('%#: %s', (item, expected) => {
    expect(summarise(item)).toBe(expected);
  });
});

describe('one defect, one finding (issue 14)', () => {
  const noModel: AppliedModel = { kind: 'sequelize', sources: {}, failures: [], files: [] };
  const drift = (differences: Difference[]) =>
    driftFindings(differences, noModel, { snapshots: [], steps: [] }, { strictNames: false, strictColumnOrder: false });
  const todo = (
    foreignKeys = [aForeignKey('todo_ibfk_1', ['user_id'], 'user')],
    indexes = [anIndex('todo_user_idx', ['user_id'])],
  ) => aTable('todo', { columns: [aColumn({ name: 'id' }), aColumn({ name: 'user_id' })], foreignKeys, indexes });
  const compare = (model: Schema, migrations: Schema) => drift(diffSchemas(model, migrations));

  it('reports a missing foreign key and the index that serves it as one finding on the key', () => {
    for (const [model, migrations] of [
      [todo(), todo([], [])],
      [todo([], []), todo()],
    ] as const) {
      const findings = compare(aSchema(model), aSchema(migrations));
      expect(findings.map((finding) => finding.differences.map((d) => `${d.kind} ${d.object}`))).toEqual([
        [`${findings[0]!.differences[0]!.kind} foreignKey`, `${findings[0]!.differences[0]!.kind} index`],
      ]);
      expect(findings[0]!.message).toContain('foreign key todo(user_id) → user(id) [todo_ibfk_1]');
      expect(findings[0]!.message).toContain('and with it index todo_user_idx on todo');
    }
  });

  it('reports a foreign key whose onDelete and onUpdate both differ as one finding naming columns and table', () => {
    const cascade = aForeignKey('todo_ibfk_1', ['user_id'], 'user', { onDelete: 'CASCADE', onUpdate: 'CASCADE' });
    const findings = compare(aSchema(todo([cascade])), aSchema(todo()));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'drift', severity: 'error', aspect: 'foreign-key' });
    expect(findings[0]!.message).toBe(
      'foreign key todo(user_id) → user(id) [todo_ibfk_1] onDelete: model CASCADE, migrations RESTRICT; onUpdate: model CASCADE, migrations RESTRICT',
    );
  });

  it('gives an index whose UNIQUE and columns both changed the aspect of the index, not of uniqueness', () => {
    const table = (index: ReturnType<typeof anIndex>) =>
      aTable('todo', {
        columns: [aColumn({ name: 'id' }), aColumn({ name: 'a' }), aColumn({ name: 'b' })],
        indexes: [index],
      });
    const findings = compare(
      aSchema(table(anIndex('ix', ['a'], { unique: true }))),
      aSchema(table(anIndex('ix', ['b']))),
    );
    expect(findings.map((finding) => [finding.aspect, finding.differences.map((d) => d.attribute)])).toEqual([
      ['index', ['unique', 'parts']],
    ]);
    expect(applySeverities(findings, { 'drift:unique': 'off' })).toHaveLength(1);
  });

  it('keeps two attributes of one column two findings, each with its own aspect', () => {
    const model = aTable('todo', {
      columns: [aColumn({ name: 'id' }), aColumn({ name: 'title', type: 'varchar(64)', comment: 'shown' })],
    });
    const migrations = aTable('todo', { columns: [aColumn({ name: 'id' }), aColumn({ name: 'title', type: 'text' })] });
    const findings = compare(aSchema(model), aSchema(migrations));
    expect(findings.map((finding) => [finding.aspect, finding.severity])).toEqual([
      ['type', 'error'],
      ['comment', 'warning'],
    ]);
  });

  it('says UNIQUE in the model and a plain index in the migrations in one finding', () => {
    const notes = (index: ReturnType<typeof anIndex>) =>
      aTable('Notes', { columns: [aColumn({ name: 'id' }), aColumn({ name: 'shortid' })], indexes: [index] });
    const findings = compare(
      aSchema(notes(anIndex('shortid', ['shortid'], { unique: true }))),
      aSchema(notes(anIndex('notes_shortid', ['shortid']))),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toBe(
      'Notes.shortid: the model says UNIQUE (shortid), the migrations have a plain index notes_shortid',
    );
    expect(findings[0]).toMatchObject({ aspect: 'unique', severity: 'error' });
    const reverse = compare(
      aSchema(notes(anIndex('notes_shortid', ['shortid']))),
      aSchema(notes(anIndex('shortid', ['shortid'], { unique: true }))),
    );
    expect(reverse[0]!.message).toBe(
      'Notes.shortid: the model says a plain index (notes_shortid), the migrations have a UNIQUE index shortid',
    );
  });

  it("makes the primary key's UNIQUE twin a notice, not a drift", () => {
    const through = (indexes: ReturnType<typeof anIndex>[]) =>
      aTable('tags', { columns: [aColumn({ name: 'a' }), aColumn({ name: 'b' })], primaryKey: ['a', 'b'], indexes });
    const findings = compare(
      aSchema(through([anIndex('tags_a_b_unique', ['a', 'b'], { unique: true })])),
      aSchema(through([])),
    );
    expect(findings.map((finding) => [finding.kind, finding.severity])).toEqual([['equivalent', 'notice']]);
    expect(findings[0]!.message).toContain('the primary key of tags is the same constraint');
  });

  it.each([
    [{ kind: 'missing', object: 'column' }, 'column-only-in-model'],
    [{ kind: 'extra', object: 'index' }, 'index-only-in-migrations'],
    [{ kind: 'missing', object: 'foreignKey' }, 'foreign-key-only-in-model'],
    [{ kind: 'changed', object: 'column', attribute: 'collation' }, 'charset'],
    [{ kind: 'changed', object: 'column', attribute: 'autoIncrement' }, 'auto-increment'],
    [{ kind: 'changed', object: 'table', attribute: 'comment' }, 'comment'],
    [{ kind: 'changed', object: 'table', attribute: 'engine' }, 'table'],
    [{ kind: 'changed', object: 'primaryKey', attribute: 'columns' }, 'primary-key'],
    [{ kind: 'changed', object: 'check', attribute: 'clause' }, 'check'],
  ] as const)('names the aspect of %o %s', (difference, aspect) => {
    expect(aspectOf(aDifference(difference))).toBe(aspect);
  });
});

describe('hints and statements', () => {
  it('has a hint for every kind of finding and names how to accept it', () => {
    for (const kind of FINDING_KINDS) {
      const hint = hintFor({ ...aFindingOf(kind) });
      expect(hint.length, kind).toBeGreaterThan(20);
      if (kind !== 'equivalent') expect(hint, kind).toMatch(/ignore rule .* baseline/);
    }
  });

  it('gives drift the hint of its aspect', () => {
    expect(hintFor({ ...aFindingOf('drift'), aspect: 'unique' })).toContain('add `unique: true` in a new migration');
    expect(hintFor({ ...aFindingOf('drift'), aspect: 'column-only-in-model' })).toContain('addColumn');
  });

  it('shows the last statements a step sent, each on one line, with the errors under theirs', () => {
    const statements = Array.from({ length: 14 }, (_, i) => ({
      sql: `SELECT\n  ${i}`,
      error: i === 13 ? 'boom' : null,
    }));
    expect(statementLines(statements)).toEqual([
      '… 2 earlier statement(s)',
      ...Array.from({ length: 12 }, (_, i) => `SELECT ${i + 2}`).flatMap((line) =>
        line === 'SELECT 13' ? [line, '  → error: boom'] : [line],
      ),
    ]);
  });

  it('makes a swallowed server error one warning on the step, naming the statement and the message', () => {
    const step = aStep('002-add-token.js', { upLine: 5 });
    const statement = { sql: 'ALTER TABLE `user` ADD `token` VARCHAR(64);', error: "Duplicate column name 'token'" };
    const [finding] = replayFindings([{ kind: 'swallowed', step: 0, direction: 'up', statement }], [step], {
      strictNames: false,
      strictColumnOrder: false,
    });
    expect(finding).toMatchObject({ kind: 'swallowed-error', severity: 'warning', line: 5, statements: [statement] });
    expect(finding!.message).toBe(
      "002-add-token.js up: the server refused `ALTER TABLE `user` ADD `token` VARCHAR(64);` (Duplicate column name 'token'), and the migration went on",
    );
  });
});

function aFindingOf(kind: FindingKind): Finding {
  return { kind, severity: 'error', message: '', ...unplaced() };
}
