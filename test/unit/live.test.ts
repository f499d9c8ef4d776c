import { describe, expect, it } from 'vitest';
import type { Step } from '../../src/chain/types.js';
import { databaseUrl } from '../../src/config/kinds.js';
import { ConfigError } from '../../src/errors.js';
import { liveFindings, type LiveEvidence } from '../../src/findings/live.js';
import type { Strictness } from '../../src/findings/make.js';
import { locate, type LiveState } from '../../src/live/locate.js';
import { positionOf } from '../../src/live/position.js';
import type { AppliedModel, TableSource } from '../../src/model/types.js';
import { liveLines } from '../../src/report/live.js';
import type { LiveReport } from '../../src/result.js';
import type { Difference } from '../../src/schema/diff.js';
import { parseFlavor } from '../../src/schema/flavor.js';
import { adoptRunTimeDefaults, RUN_TIME_DEFAULT } from '../../src/schema/frozen.js';
import type { Column, Schema, Table } from '../../src/schema/types.js';
import { aColumn, anIndex, aSchema, aTable } from './builders.js';
import { aResult } from './results.js';

const LENIENT: Strictness = { strictNames: false, strictColumnOrder: false };

/** `table` with one column changed, `extra` columns appended, and its indexes replaced when given. */
function altered(
  table: Table,
  {
    column,
    change = {},
    extra = [],
    indexes,
  }: { column?: string; change?: Partial<Column>; extra?: Column[]; indexes?: Table['indexes'] },
): Table {
  return aTable(table.name, {
    ...table,
    columns: [...table.columns.map((item) => (item.name === column ? { ...item, ...change } : item)), ...extra],
    indexes: indexes ?? table.indexes,
  });
}

describe('positionOf', () => {
  it('splits the files into those the meta table recorded and those a deploy runs', () => {
    expect(positionOf(['001-a.js', '002-b.js'], ['001-a.js', '002-b.js', '003-c.js'])).toEqual({
      applied: [0, 1],
      pending: [2],
      missing: [],
      behind: [],
    });
  });

  it('matches a recorded x.js with the file x.ts, and a bare recorded name with its file', () => {
    expect(positionOf(['001-a.js', '002-b'], ['001-a.ts', '002-b.ts', '003-c.ts'])).toEqual({
      applied: [0, 1],
      pending: [2],
      missing: [],
      behind: [],
    });
  });

  it('names recorded migrations no file has', () => {
    expect(positionOf(['000-old.js', '001-a.js'], ['001-a.js', '002-b.js'])).toEqual({
      applied: [0],
      pending: [1],
      missing: ['000-old.js'],
      behind: [],
    });
  });

  it('calls a pending file that sorts before the newest applied one behind', () => {
    expect(positionOf(['001-a.js', '003-c.js'], ['001-a.js', '002-b.js', '003-c.js', '004-d.js'])).toEqual({
      applied: [0, 2],
      pending: [1, 3],
      missing: [],
      behind: [1],
    });
  });

  it('has every file pending, none behind, for an empty meta table', () => {
    expect(positionOf([], ['001-a.js', '002-b.js'])).toEqual({
      applied: [],
      pending: [0, 1],
      missing: [],
      behind: [],
    });
  });
});

describe('locate', () => {
  const user = aTable('user', {
    columns: [aColumn({ name: 'id', autoIncrement: true }), aColumn({ name: 'email', type: 'varchar(255)' })],
  });
  const apiToken = aColumn({ name: 'api_token', type: 'varchar(255)', nullable: true });
  const tokenCreatedAt = aColumn({ name: 'token_created_at', type: 'datetime', nullable: true });
  const tokenIndex = anIndex('ix_user_api_token', ['api_token'], { unique: true });
  const userWithToken = altered(user, { extra: [apiToken, tokenCreatedAt], indexes: [tokenIndex] });
  const org = aTable('org', {
    columns: [aColumn({ name: 'id', autoIncrement: true }), aColumn({ name: 'name', type: 'varchar(100)' })],
    indexes: [anIndex('ix_org_name', ['name'])],
  });
  /** 001 creates user; 002 adds api_token, token_created_at and an index on api_token; 003 creates org with an index. */
  const snapshots = [aSchema(), aSchema(user), aSchema(userWithToken), aSchema(userWithToken, org)];
  /** A copy, as a read of the live database gives: equal, but no object shared with the snapshots. */
  const copy = (schema: Schema): Schema => structuredClone(schema);

  it('places a schema equal to a snapshot there, with no drift', () => {
    expect(locate(snapshots, copy(snapshots[2]!), 2)).toEqual({ at: 2, partial: null, drift: [] });
  });

  it('places a schema where it is, not where the meta table says, when it equals another snapshot', () => {
    expect(locate(snapshots, copy(snapshots[2]!), 3)).toEqual({ at: 2, partial: null, drift: [] });
    expect(locate(snapshots, copy(snapshots[1]!), 3)).toEqual({ at: 1, partial: null, drift: [] });
  });

  it('leaves a schema with a hand-added column at the recorded position, the column as drift', () => {
    const nickname = aColumn({ name: 'nickname', type: 'varchar(40)', nullable: true });
    const live = aSchema(altered(userWithToken, { extra: [nickname] }));
    expect(locate(snapshots, live, 2)).toEqual({
      at: 2,
      partial: null,
      drift: [
        {
          kind: 'extra',
          object: 'column',
          table: 'user',
          name: 'nickname',
          attribute: null,
          expected: null,
          actual: { ...nickname, position: 5 },
        },
      ],
    });
  });

  it('finds a step half-applied: its two columns added, its index not', () => {
    const live = aSchema(altered(user, { extra: [apiToken, tokenCreatedAt] }));
    expect(locate(snapshots, live, 1)).toEqual({
      at: 1,
      partial: {
        step: 1,
        done: [
          {
            kind: 'extra',
            object: 'column',
            table: 'user',
            name: 'api_token',
            attribute: null,
            expected: null,
            actual: { ...apiToken, position: 3 },
          },
          {
            kind: 'extra',
            object: 'column',
            table: 'user',
            name: 'token_created_at',
            attribute: null,
            expected: null,
            actual: { ...tokenCreatedAt, position: 4 },
          },
        ],
        lacking: [
          {
            kind: 'missing',
            object: 'index',
            table: 'user',
            name: 'ix_user_api_token',
            attribute: null,
            expected: tokenIndex,
            actual: null,
          },
        ],
      },
      drift: [],
    });
  });

  it('finds a create-table step half-applied: the table made, one of its indexes not', () => {
    const bare = altered(org, { indexes: [] });
    const live = aSchema(copy(aSchema(userWithToken)).tables.user!, bare);
    expect(locate(snapshots, live, 2)).toEqual({
      at: 2,
      partial: {
        step: 2,
        done: [
          {
            kind: 'extra',
            object: 'table',
            table: 'org',
            name: null,
            attribute: null,
            expected: null,
            actual: bare,
          },
        ],
        lacking: [
          {
            kind: 'missing',
            object: 'index',
            table: 'org',
            name: 'ix_org_name',
            attribute: null,
            expected: org.indexes[0],
            actual: null,
          },
        ],
      },
      drift: [],
    });
  });

  describe('between equal snapshots (a data-only step)', () => {
    // 002 backfills rows: the schema after it is the one before, its tables shared as the replay shares them
    const withNickname = altered(user, { extra: [aColumn({ name: 'nickname', nullable: true })] });
    const chain = [aSchema(), aSchema(user), { tables: { ...aSchema(user).tables } }, aSchema(withNickname)];

    it('picks the one the meta table records', () => {
      expect(locate(chain, copy(chain[1]!), 1)).toEqual({ at: 1, partial: null, drift: [] });
      expect(locate(chain, copy(chain[1]!), 2)).toEqual({ at: 2, partial: null, drift: [] });
    });

    it('picks the one nearest to it otherwise', () => {
      expect(locate(chain, copy(chain[1]!), 0)).toEqual({ at: 1, partial: null, drift: [] });
      expect(locate(chain, copy(chain[1]!), 3)).toEqual({ at: 2, partial: null, drift: [] });
    });
  });

  describe('hand changes on a table an earlier step created', () => {
    const slug = aColumn({ name: 'slug', type: 'varchar(40)', nullable: true });
    const handMade = altered(org, { column: 'name', change: { type: 'varchar(200)' }, extra: [slug] });

    it('are drift at the recorded position, not the create-table step half-applied', () => {
      const live = aSchema(copy(aSchema(userWithToken)).tables.user!, handMade);
      expect(locate(snapshots, live, 3)).toEqual({
        at: 3,
        partial: null,
        drift: [
          {
            kind: 'changed',
            object: 'column',
            table: 'org',
            name: 'name',
            attribute: 'type',
            expected: 'varchar(100)',
            actual: 'varchar(200)',
          },
          {
            kind: 'extra',
            object: 'column',
            table: 'org',
            name: 'slug',
            attribute: null,
            expected: null,
            actual: { ...slug, position: 3 },
          },
        ],
      });
    });

    it('are drift with the index dropped too: a recorded step is not taken for half-applied', () => {
      const live = aSchema(copy(aSchema(userWithToken)).tables.user!, { ...handMade, indexes: [] });
      const state = locate(snapshots, live, 3);
      expect(state.at).toBe(3);
      expect(state.partial).toBeNull();
      expect(state.drift.map((difference) => [difference.kind, difference.name])).toEqual([
        ['changed', 'name'],
        ['extra', 'slug'],
        ['missing', 'ix_org_name'],
      ]);
    });

    it('are drift beside a half-applied create-table step that is the next to run', () => {
      const live = aSchema(copy(aSchema(userWithToken)).tables.user!, { ...handMade, indexes: [] });
      const state = locate(snapshots, live, 2);
      expect(state.partial?.step).toBe(2);
      expect(state.partial?.lacking.map((difference) => difference.name)).toEqual(['ix_org_name']);
      expect(state.drift.map((difference) => [difference.kind, difference.name])).toEqual([
        ['changed', 'name'],
        ['extra', 'slug'],
      ]);
    });

    it('are drift on a table created several steps before the recorded position', () => {
      const live = aSchema(
        altered(userWithToken, { column: 'email', change: { type: 'varchar(320)' }, extra: [slug] }),
        copy(aSchema(org)).tables.org!,
      );
      expect(locate(snapshots, live, 3)).toEqual({
        at: 3,
        partial: null,
        drift: [
          {
            kind: 'changed',
            object: 'column',
            table: 'user',
            name: 'email',
            attribute: 'type',
            expected: 'varchar(255)',
            actual: 'varchar(320)',
          },
          {
            kind: 'extra',
            object: 'column',
            table: 'user',
            name: 'slug',
            attribute: null,
            expected: null,
            actual: { ...slug, position: 5 },
          },
        ],
      });
    });
  });
});

describe('the databaseUrl kind', () => {
  const read = (url: string) => databaseUrl.text!(url, 'databaseUrl');

  /** The ConfigError that reading `url` throws, its message with the option spelt `database-url`. */
  function refusal(url: string): string {
    try {
      read(url);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).describe({ databaseUrl: 'database-url' });
    }
    throw new Error(`expected a ConfigError for ${url}, got none`);
  }

  it('reads the credentials, the schema of the path, and TLS that verifies against a CA file', () => {
    const url = 'mysql://u:p@h:3307/appdb?ssl-mode=verify-ca&ssl-ca=ca.pem';
    expect(read(url)).toEqual({
      url,
      credentials: { host: 'h', port: 3307, user: 'u', password: 'p' },
      database: 'appdb',
      tls: { mode: 'verify-ca', ca: 'ca.pem' },
    });
  });

  it('reads ?ssl=true as verify-identity against the trusted CAs', () => {
    expect(read('mysql://u:p@h/appdb?ssl=true')?.tls).toEqual({ mode: 'verify-identity', ca: null });
  });

  it('reads the MySQL client spelling with underscores and any case', () => {
    expect(read('mysql://u:p@h/appdb?SSL_MODE=REQUIRED')?.tls).toEqual({ mode: 'required', ca: null });
  });

  it('reads no parameters as no TLS, and no path as no schema', () => {
    expect(read('mysql://root@db')).toEqual({
      url: 'mysql://root@db',
      credentials: { host: 'db', port: 3306, user: 'root', password: '' },
      database: null,
      tls: null,
    });
    expect(read('mysql://u:p@h/appdb?ssl-mode=disabled')?.tls).toBeNull();
  });

  it('refuses an unknown parameter', () => {
    expect(refusal('mysql://u:p@h/appdb?charset=utf8mb4')).toBe(
      'database-url has an unknown parameter ?charset=…; it takes ssl-mode, ssl-ca, ssl',
    );
  });

  it('refuses an ssl-mode it does not know', () => {
    expect(refusal('mysql://u:p@h/appdb?ssl-mode=verify')).toBe(
      'database-url ?ssl-mode= takes disabled, required, verify-ca, verify-identity (got verify)',
    );
  });

  it('refuses an ssl that is not true or false', () => {
    expect(refusal('mysql://u:p@h/appdb?ssl=yes')).toBe(
      'database-url ?ssl= takes true or false (got yes); ?ssl-mode= says more',
    );
  });

  it('checks a CA given with ssl-mode=required, as the MySQL client does (verify-ca)', () => {
    expect(read('mysql://u:p@h/appdb?ssl-mode=required&ssl-ca=ca.pem')?.tls).toEqual({
      mode: 'verify-ca',
      ca: 'ca.pem',
    });
  });

  it('refuses a malformed %-escape in the URL, naming the option', () => {
    expect(refusal('mysql://u:p@h/app%zz')).toBe('database-url has a malformed %-escape; write a literal % as %25');
  });

  it('refuses an ssl-ca without ssl-mode, or with ssl-mode=disabled', () => {
    expect(refusal('mysql://u:p@h/appdb?ssl-ca=ca.pem')).toBe(
      'database-url has ?ssl-ca= but no ?ssl-mode=verify-ca (or verify-identity)',
    );
    expect(refusal('mysql://u:p@h/appdb?ssl-mode=disabled&ssl-ca=ca.pem')).toBe(
      'database-url has ?ssl-ca= but no ?ssl-mode=verify-ca (or verify-identity)',
    );
  });
});

describe('liveFindings', () => {
  const TARGET = 'reader@db:3306/appdb';
  const noop = async () => {};
  const aStep = (name: string): Step => ({
    name,
    file: `/project/migrations/${name}`,
    downFile: null,
    up: noop,
    down: noop,
    upLine: 4,
    downLine: 12,
  });
  const [create, token, widen] = [aStep('001-create-user.js'), aStep('002-add-token.js'), aStep('003-widen-token.js')];

  const id = aColumn({ name: 'id', autoIncrement: true });
  const email = aColumn({ name: 'email', type: 'varchar(255)' });
  const narrowToken = aColumn({ name: 'api_token', type: 'varchar(64)', nullable: true });
  const tokenIndex = anIndex('ix_user_api_token', ['api_token'], { unique: true });
  const snapshots = [
    aSchema(),
    aSchema(aTable('user', { columns: [id, email] })),
    aSchema(aTable('user', { columns: [id, email, narrowToken], indexes: [tokenIndex] })),
    aSchema(aTable('user', { columns: [id, email, { ...narrowToken, type: 'varchar(255)' }], indexes: [tokenIndex] })),
  ];

  function evidence(overrides: Partial<LiveEvidence> = {}): LiveEvidence {
    return {
      target: TARGET,
      metaTable: 'SequelizeMeta',
      entries: [create, token, widen],
      applied: 3,
      missing: [],
      behind: [],
      snapshots,
      state: { at: 3, partial: null, drift: [] },
      deploy: null,
      model: null,
      ...overrides,
    };
  }

  const tokenType = (expected: string, actual: string): Difference => ({
    kind: 'changed',
    object: 'column',
    table: 'user',
    name: 'api_token',
    attribute: 'type',
    expected,
    actual,
  });

  it('finds nothing for a database where its meta table says, as the chain gives it', () => {
    expect(liveFindings(evidence(), LENIENT)).toEqual([]);
  });

  it('warns of a recorded migration no file has', () => {
    expect(liveFindings(evidence({ missing: ['000-old.js'] }), LENIENT)).toEqual([
      {
        kind: 'missing-migration',
        severity: 'warning',
        message:
          'reader@db:3306/appdb ran 000-old.js (it is in SequelizeMeta), but no migration file has that name: it was deleted or renamed, and a renamed one runs again under its new name',
        file: null,
        line: null,
        table: null,
        column: null,
        migration: '000-old.js',
        direction: null,
        differences: [],
      },
    ]);
  });

  it('warns of a pending migration that sorts before the newest one the database ran', () => {
    // the database ran 001 and 003: the deploy runs 002 after 003
    const found = liveFindings(
      evidence({ entries: [create, widen, token], applied: 2, behind: [2], state: null }),
      LENIENT,
    );
    expect(found).toEqual([
      {
        kind: 'out-of-order',
        severity: 'warning',
        message:
          '002-add-token.js is pending on reader@db:3306/appdb but sorts before 003-widen-token.js, which it ran: the deploy runs it after that one, a fresh database before it',
        file: '/project/migrations/002-add-token.js',
        line: 4,
        table: null,
        column: null,
        migration: '002-add-token.js',
        direction: 'up',
        differences: [],
      },
    ]);
  });

  it('says where the schema stands when that is not where the meta table says', () => {
    expect(liveFindings(evidence({ state: { at: 1, partial: null, drift: [] } }), LENIENT)).toEqual([
      {
        kind: 'live-position',
        severity: 'error',
        message:
          'reader@db:3306/appdb records 3 migration(s) in SequelizeMeta, up to 003-widen-token.js, but its schema is what the chain gives after 001-create-user.js',
        file: '/project/migrations/003-widen-token.js',
        line: 4,
        table: null,
        column: null,
        migration: '003-widen-token.js',
        direction: null,
        differences: [],
      },
    ]);
  });

  it('says so of a database that records nothing but has the schema of a migration', () => {
    const [found] = liveFindings(evidence({ applied: 0, state: { at: 1, partial: null, drift: [] } }), LENIENT);
    expect(found).toMatchObject({ kind: 'live-position', file: null, line: null, migration: null });
    expect(found!.message).toBe(
      'reader@db:3306/appdb records 0 migration(s) in SequelizeMeta, but its schema is what the chain gives after 001-create-user.js',
    );
  });

  it('finds a half-applied migration on the step, with what it lacks as its differences', () => {
    const done: Difference = {
      kind: 'extra',
      object: 'column',
      table: 'user',
      name: 'api_token',
      attribute: null,
      expected: null,
      actual: { ...narrowToken, position: 3 },
    };
    const lacking: Difference = {
      kind: 'missing',
      object: 'index',
      table: 'user',
      name: 'ix_user_api_token',
      attribute: null,
      expected: tokenIndex,
      actual: null,
    };
    const state: LiveState = { at: 1, partial: { step: 1, done: [done], lacking: [lacking] }, drift: [] };
    expect(liveFindings(evidence({ applied: 1, state }), LENIENT)).toEqual([
      {
        kind: 'half-applied',
        severity: 'error',
        message:
          'reader@db:3306/appdb looks half-applied at 002-add-token.js: it has user.api_token of its changes, and lacks index ix_user_api_token on user',
        file: '/project/migrations/002-add-token.js',
        line: 4,
        table: null,
        column: null,
        migration: '002-add-token.js',
        direction: 'up',
        differences: [lacking],
        sides: { expected: 'migration', actual: 'live database' },
      },
    ]);
  });

  it('says a half-applied database recorded as further on is at the step before and part of the next', () => {
    const lacking: Difference = {
      kind: 'missing',
      object: 'index',
      table: 'user',
      name: 'ix_user_api_token',
      attribute: null,
      expected: tokenIndex,
      actual: null,
    };
    const state: LiveState = { at: 1, partial: { step: 1, done: [], lacking: [lacking] }, drift: [] };
    const found = liveFindings(evidence({ state }), LENIENT);
    expect(found.map((finding) => finding.kind)).toEqual(['live-position', 'half-applied']);
    expect(found[0]!.message).toBe(
      'reader@db:3306/appdb records 3 migration(s) in SequelizeMeta, up to 003-widen-token.js, but its schema is what the chain gives after 001-create-user.js and part of 002-add-token.js',
    );
  });

  it('finds live drift on the migration that last changed the object', () => {
    const handMade = tokenType('varchar(255)', 'varchar(100)');
    expect(liveFindings(evidence({ state: { at: 3, partial: null, drift: [handMade] } }), LENIENT)).toEqual([
      {
        kind: 'live-drift',
        severity: 'error',
        aspect: 'type',
        message:
          'user.api_token type: migrations varchar(255), live database varchar(100) (last changed by 003-widen-token.js)',
        file: '/project/migrations/003-widen-token.js',
        line: 4,
        table: 'user',
        column: 'api_token',
        migration: '003-widen-token.js',
        direction: null,
        differences: [handMade],
        sides: { expected: 'migrations', actual: 'live database' },
      },
    ]);
  });

  it('blames live drift on the migrations up to where the schema stands, not those after', () => {
    const handMade = tokenType('varchar(64)', 'varchar(100)');
    const [found] = liveFindings(evidence({ applied: 2, state: { at: 2, partial: null, drift: [handMade] } }), LENIENT);
    expect(found).toMatchObject({ kind: 'live-drift', migration: '002-add-token.js' });
  });

  it('predicts the pending migration that fails on the database as it is', () => {
    const failure = {
      message: "ER_DUP_FIELDNAME (1060): Duplicate column name 'api_token'",
      file: '/project/migrations/002-add-token.js',
      line: 6,
      server: null,
    };
    const found = liveFindings(
      evidence({
        applied: 1,
        state: { at: 1, partial: null, drift: [] },
        deploy: { step: 1, kind: 'failed', failure },
      }),
      LENIENT,
    );
    expect(found).toEqual([
      {
        kind: 'upgrade-error',
        severity: 'error',
        message:
          "002-add-token.js would fail on reader@db:3306/appdb as it is (run on a copy of its schema, without rows): ER_DUP_FIELDNAME (1060): Duplicate column name 'api_token'",
        file: '/project/migrations/002-add-token.js',
        line: 6,
        table: null,
        column: null,
        migration: '002-add-token.js',
        direction: 'up',
        differences: [],
      },
    ]);
  });

  it('says a pending migration that timed out would not finish, on its up when the failure has no line', () => {
    const failure = {
      message: 'timed out after 60 s',
      file: '/project/migrations/003-widen-token.js',
      line: null,
      server: null,
    };
    const [found] = liveFindings(
      evidence({
        applied: 2,
        state: { at: 2, partial: null, drift: [] },
        deploy: { step: 2, kind: 'timeout', failure },
      }),
      LENIENT,
    );
    expect(found).toMatchObject({
      kind: 'upgrade-error',
      line: 4,
      message:
        '003-widen-token.js would not finish on reader@db:3306/appdb as it is (run on a copy of its schema, without rows): timed out after 60 s',
    });
  });

  describe('model drift', () => {
    const MODEL_FILE = '/project/models/user.js';
    const source: TableSource = {
      file: MODEL_FILE,
      line: 3,
      text: ["'use strict';", '', "sequelize.define('User', {", '  email: DataTypes.STRING(320),', '});'].join('\n'),
      attributes: {},
    };
    const model: AppliedModel = { kind: 'sequelize', sources: { user: source }, failures: [], files: [MODEL_FILE] };
    const emailType: Difference = {
      kind: 'changed',
      object: 'column',
      table: 'user',
      name: 'email',
      attribute: 'type',
      expected: 'varchar(320)',
      actual: 'varchar(255)',
    };

    it('compares the model with the live database after the deploy, on the model line', () => {
      expect(liveFindings(evidence({ model: { applied: model, differences: [emailType] } }), LENIENT)).toEqual([
        {
          kind: 'drift',
          severity: 'error',
          aspect: 'type',
          message:
            'user.email type: model varchar(320), live database after the deploy varchar(255) (last changed by 001-create-user.js)',
          file: MODEL_FILE,
          line: 4,
          table: 'user',
          column: 'email',
          migration: '001-create-user.js',
          direction: null,
          differences: [emailType],
          sides: { expected: 'model', actual: 'live database after the deploy' },
        },
      ]);
    });

    it('leaves out the objects changed by hand: they are live drift already', () => {
      const handMade = tokenType('varchar(255)', 'varchar(100)');
      const found = liveFindings(
        evidence({
          state: { at: 3, partial: null, drift: [handMade] },
          model: { applied: model, differences: [emailType, tokenType('varchar(255)', 'varchar(100)')] },
        }),
        LENIENT,
      );
      expect(found.map((finding) => [finding.kind, finding.table, finding.column])).toEqual([
        ['live-drift', 'user', 'api_token'],
        ['drift', 'user', 'email'],
      ]);
    });

    it('reports a model that failed to load', () => {
      const broken: AppliedModel = {
        ...model,
        failures: [{ file: MODEL_FILE, line: 2, table: null, message: 'Unexpected token' }],
      };
      const [found] = liveFindings(evidence({ model: { applied: broken, differences: [] } }), LENIENT);
      expect(found).toMatchObject({
        kind: 'model-error',
        message: `cannot load model ${MODEL_FILE}: Unexpected token`,
        file: MODEL_FILE,
        line: 2,
      });
    });
  });
});

describe('liveLines', () => {
  function aLiveReport(overrides: Partial<LiveReport> = {}): LiveReport {
    return {
      database: 'reader@db:3306/appdb',
      server: parseFlavor('8.0.36'),
      tables: 3,
      views: 0,
      recorded: 3,
      newest: '003-widen-token.js',
      pending: [],
      missing: [],
      state: { at: '003-widen-token.js', halfApplied: null, drift: 0, asRecorded: true },
      deploy: { steps: 0, ran: true, failed: null, ms: 0 },
      reads: { roundTrips: 2, ms: 340 },
      ...overrides,
    };
  }
  const lines = (overrides: Partial<LiveReport> = {}) => liveLines(aResult({ live: aLiveReport(overrides) }));

  it('says nothing for a check, which read no live database', () => {
    expect(liveLines(aResult({ live: null }))).toEqual([]);
  });

  it('describes a database in sync with its meta table, with nothing to deploy', () => {
    expect(lines()).toEqual([
      'Live database reader@db:3306/appdb (MySQL 8.0.36): 3 table(s), 3 migration(s) recorded, the newest 003-widen-token.js; read in 2 round trip(s), 0.34 s.',
      'Schema: what the chain gives after 003-widen-token.js.',
      'Pending: none.',
      'Deploy: the pending migration(s) on a copy of the live schema, in 0.00 s: nothing to run.',
    ]);
  });

  it('lists the pending migrations that run', () => {
    const report = lines({
      recorded: 1,
      newest: '001-create-user.js',
      pending: ['002-add-token.js', '003-widen-token.js'],
      state: { at: '001-create-user.js', halfApplied: null, drift: 0, asRecorded: true },
      deploy: { steps: 2, ran: true, failed: null, ms: 1_500 },
    });
    expect(report.slice(2)).toEqual([
      'Pending: 2 migration(s): 002-add-token.js, 003-widen-token.js.',
      'Deploy: the pending migration(s) on a copy of the live schema, in 1.50 s: they run.',
    ]);
  });

  it('says the pending migrations did not run when one cannot be loaded', () => {
    const report = lines({
      recorded: 1,
      newest: '001-create-user.js',
      pending: ['002-add-token.js'],
      state: { at: '001-create-user.js', halfApplied: null, drift: 0, asRecorded: true },
      deploy: { steps: 1, ran: false, failed: null, ms: 0 },
    });
    expect(report.at(-1)).toBe(
      'Deploy: the pending migration(s) on a copy of the live schema, in 0.00 s: not run: one cannot be loaded.',
    );
  });

  it('describes a half-applied database whose deploy fails at that migration', () => {
    expect(
      lines({
        server: parseFlavor('10.11.6-MariaDB'),
        recorded: 1,
        newest: '001-create-user.js',
        pending: ['002-add-token.js', '003-widen-token.js'],
        state: { at: '001-create-user.js', halfApplied: '002-add-token.js', drift: 0, asRecorded: true },
        deploy: { steps: 2, ran: true, failed: '002-add-token.js', ms: 1_234 },
      }),
    ).toEqual([
      'Live database reader@db:3306/appdb (MariaDB 10.11.6): 3 table(s), 1 migration(s) recorded, the newest 001-create-user.js; read in 2 round trip(s), 0.34 s.',
      'Schema: what the chain gives after 001-create-user.js, and part of 002-add-token.js (half-applied).',
      'Pending: 2 migration(s): 002-add-token.js, 003-widen-token.js.',
      'Deploy: the pending migration(s) on a copy of the live schema, in 1.23 s: 002-add-token.js would fail.',
    ]);
  });

  it('describes a failed deploy on a database with drift and a recorded migration no file has', () => {
    expect(
      lines({
        recorded: 3,
        newest: '002-add-token.js',
        pending: ['003-widen-token.js'],
        missing: ['000-old.js'],
        state: { at: '002-add-token.js', halfApplied: null, drift: 2, asRecorded: true },
        deploy: { steps: 1, ran: true, failed: '003-widen-token.js', ms: 12_345 },
      }),
    ).toEqual([
      'Live database reader@db:3306/appdb (MySQL 8.0.36): 3 table(s), 3 migration(s) recorded, the newest 002-add-token.js; read in 2 round trip(s), 0.34 s.',
      'Schema: what the chain gives after 002-add-token.js, with 2 difference(s) no migration explains (live-drift).',
      'Recorded, no file: 000-old.js.',
      'Pending: 1 migration(s): 003-widen-token.js.',
      'Deploy: the pending migration(s) on a copy of the live schema, in 12.3 s: 003-widen-token.js would fail.',
    ]);
  });

  it('says a database is before the first migration, and not where its meta table says', () => {
    const report = lines({
      recorded: 1,
      newest: '001-create-user.js',
      state: { at: null, halfApplied: null, drift: 0, asRecorded: false },
    });
    expect(report[1]).toBe(
      'Schema: what the chain gives before the first migration, not where its meta table says it is.',
    );
  });

  it('leaves out the schema line when the replay did not reach the database, and the newest when it recorded none', () => {
    const report = lines({ recorded: 0, newest: null, state: null, pending: ['001-create-user.js'] });
    expect(report.slice(0, 2)).toEqual([
      'Live database reader@db:3306/appdb (MySQL 8.0.36): 3 table(s), 0 migration(s) recorded; read in 2 round trip(s), 0.34 s.',
      'Pending: 1 migration(s): 001-create-user.js.',
    ]);
  });
});

describe('adoptRunTimeDefaults', () => {
  const frozen = aTable('user', {
    columns: [
      aColumn({ name: 'id', autoIncrement: true }),
      aColumn({ name: 'created_at', type: 'datetime', default: RUN_TIME_DEFAULT }),
      aColumn({ name: 'joined_on', type: 'date', default: RUN_TIME_DEFAULT }),
      aColumn({ name: 'legacy', type: 'datetime', default: "'2000-01-01 00:00:00'" }),
    ],
  });
  const snapshots = [aSchema(), aSchema(frozen)];
  const org = aTable('org', {
    columns: [
      aColumn({ name: 'id' }),
      aColumn({ name: 'created_at', type: 'datetime', default: "'2023-04-05 10:11:12'" }),
    ],
  });

  /** The live `user` with these defaults of created_at, joined_on and legacy. */
  const live = (createdAt: string | null, joinedOn: string | null, legacy: string | null) =>
    aSchema(
      aTable('user', {
        columns: [
          aColumn({ name: 'id', autoIncrement: true }),
          aColumn({ name: 'created_at', type: 'datetime', default: createdAt }),
          aColumn({ name: 'joined_on', type: 'date', default: joinedOn }),
          aColumn({ name: 'legacy', type: 'datetime', default: legacy }),
        ],
      }),
      org,
    );
  const defaults = (schema: Schema, table = 'user') => schema.tables[table]!.columns.map((column) => column.default);

  it('reads the date literal a frozen column has live as the run-time default', () => {
    const adopted = adoptRunTimeDefaults(
      live("'2023-04-05 10:11:12.123'", "'2023-04-05'", "'2019-01-01 00:00:00'"),
      snapshots,
    );
    expect(defaults(adopted)).toEqual([null, RUN_TIME_DEFAULT, RUN_TIME_DEFAULT, "'2019-01-01 00:00:00'"]);
  });

  it('leaves the same column of another table, and the tables it does not change, as they are', () => {
    const schema = live("'2023-04-05 10:11:12'", null, null);
    const adopted = adoptRunTimeDefaults(schema, snapshots);
    expect(defaults(adopted, 'org')).toEqual([null, "'2023-04-05 10:11:12'"]);
    expect(adopted.tables.org).toBe(schema.tables.org);
  });

  it('leaves a frozen column whose live default is no date literal as it is', () => {
    const schema = live('CURRENT_TIMESTAMP', null, null);
    expect(adoptRunTimeDefaults(schema, snapshots)).toBe(schema);
    expect(defaults(adoptRunTimeDefaults(live("'now'", "'0'", null), snapshots))).toEqual([null, "'now'", "'0'", null]);
  });
});
