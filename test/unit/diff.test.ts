import { describe, expect, it } from 'vitest';
import { diffSchemas, differenceKey, isCosmetic, type Difference } from '../../src/schema/diff.js';
import { tableInterner } from '../../src/schema/intern.js';
import type { Column, ForeignKey, Index, Table } from '../../src/schema/types.js';
import { aCheck, aColumn, aForeignKey, anIndex, aPart, aSchema, aTable } from './builders.js';

/** A `user` table with a bit of everything, the base that each test changes one thing of. */
function user(overrides: Partial<Table> = {}): Table {
  return aTable('user', {
    columns: [
      aColumn({ name: 'id', type: 'int unsigned', autoIncrement: true }),
      aColumn({ name: 'org_id', type: 'int unsigned', nullable: true }),
      aColumn({ name: 'email', type: 'varchar(255)' }),
      aColumn({ name: 'created_at', type: 'datetime(3)', default: 'CURRENT_TIMESTAMP(3)' }),
    ],
    indexes: [anIndex('ux_user_email', ['email'], { unique: true })],
    foreignKeys: [aForeignKey('fk_user_org', ['org_id'], 'org')],
    checks: [aCheck('ck_user_email', "email <> ''")],
    ...overrides,
  });
}

const org = () => aTable('org');

/** `user` with one column replaced. */
function userWithColumn(name: string, change: Partial<Column>): Table {
  const base = user();
  return { ...base, columns: base.columns.map((column) => (column.name === name ? { ...column, ...change } : column)) };
}

/** The differences as compact tuples: kind, object, table, name, attribute. */
const brief = (differences: Difference[]) =>
  differences.map((d) => [d.kind, d.object, d.table, d.name, d.attribute] as const);

describe('diffSchemas', () => {
  it('finds nothing between equal schemas', () => {
    expect(diffSchemas(aSchema(user(), org()), aSchema(user(), org()))).toEqual([]);
  });

  it('finds nothing between two empty schemas', () => {
    expect(diffSchemas(aSchema(), aSchema())).toEqual([]);
  });

  describe('tables', () => {
    it('reports a missing table as ONE difference, not one per column', () => {
      const differences = diffSchemas(aSchema(user(), org()), aSchema(org()));
      expect(brief(differences)).toEqual([['missing', 'table', 'user', null, null]]);
      expect(differences[0]!.expected).toEqual(user());
      expect(differences[0]!.actual).toBeNull();
    });

    it('reports an extra table as ONE difference', () => {
      const differences = diffSchemas(aSchema(org()), aSchema(user(), org()));
      expect(brief(differences)).toEqual([['extra', 'table', 'user', null, null]]);
      expect(differences[0]!.expected).toBeNull();
      expect(differences[0]!.actual).toEqual(user());
    });

    it('lists differences by table name', () => {
      const differences = diffSchemas(aSchema(aTable('b'), aTable('d')), aSchema(aTable('a'), aTable('c')));
      expect(differences.map((d) => [d.kind, d.table])).toEqual([
        ['extra', 'a'],
        ['missing', 'b'],
        ['extra', 'c'],
        ['missing', 'd'],
      ]);
    });

    it.each([
      ['engine', { engine: 'MyISAM' }, 'InnoDB', 'MyISAM'],
      ['collation', { collation: 'utf8mb4_bin' }, 'utf8mb4_0900_ai_ci', 'utf8mb4_bin'],
      ['comment', { comment: 'people' }, '', 'people'],
    ] as const)('reports a table %s change once', (attribute, change, expected, actual) => {
      const differences = diffSchemas(aSchema(user()), aSchema(user(change)));
      expect(differences).toEqual([
        { kind: 'changed', object: 'table', table: 'user', name: null, attribute, expected, actual },
      ]);
    });
  });

  describe('columns', () => {
    it('reports a missing column with the expected column', () => {
      const actual = user({ columns: user().columns.filter((column) => column.name !== 'email') });
      const differences = diffSchemas(aSchema(user()), aSchema(actual));
      expect(brief(differences)).toEqual([['missing', 'column', 'user', 'email', null]]);
      expect(differences[0]!.expected).toMatchObject({ name: 'email', type: 'varchar(255)' });
    });

    it('reports an extra column with the actual column', () => {
      const actual = user({ columns: [...user().columns, aColumn({ name: 'api_token', type: 'char(64)' })] });
      const differences = diffSchemas(aSchema(user()), aSchema(actual));
      expect(brief(differences)).toEqual([['extra', 'column', 'user', 'api_token', null]]);
      expect(differences[0]!.actual).toMatchObject({ name: 'api_token', type: 'char(64)' });
    });

    it('does not call the remaining columns reordered when one is missing or extra in the middle', () => {
      const [id, orgId, email, created] = user().columns;
      const extra = aColumn({ name: 'x' });
      expect(
        brief(diffSchemas(aSchema(user()), aSchema(user({ columns: [id!, orgId!, extra, email!, created!] })))),
      ).toEqual([['extra', 'column', 'user', 'x', null]]);
      expect(brief(diffSchemas(aSchema(user()), aSchema(user({ columns: [id!, email!, created!] }))))).toEqual([
        ['missing', 'column', 'user', 'org_id', null],
      ]);
    });

    it.each([
      ['type', { type: 'varchar(320)' }, 'varchar(255)', 'varchar(320)'],
      ['nullable', { nullable: true }, false, true],
      ['default', { default: "''" }, null, "''"],
      ['autoIncrement', { autoIncrement: true }, false, true],
      ['onUpdate', { onUpdate: 'CURRENT_TIMESTAMP' }, null, 'CURRENT_TIMESTAMP'],
      [
        'generated',
        { generated: { expression: 'lower(email)', stored: true } },
        null,
        { expression: 'lower(email)', stored: true },
      ],
      ['charset', { charset: 'latin1' }, null, 'latin1'],
      ['collation', { collation: 'utf8mb4_bin' }, null, 'utf8mb4_bin'],
      ['comment', { comment: 'login' }, '', 'login'],
    ] as const)('reports a %s change as exactly one difference', (attribute, change, expected, actual) => {
      const differences = diffSchemas(aSchema(user()), aSchema(userWithColumn('email', change)));
      expect(differences).toEqual([
        { kind: 'changed', object: 'column', table: 'user', name: 'email', attribute, expected, actual },
      ]);
    });

    it('reports two attribute changes of one column as two differences', () => {
      const differences = diffSchemas(
        aSchema(user()),
        aSchema(userWithColumn('email', { type: 'text', nullable: true })),
      );
      expect(brief(differences)).toEqual([
        ['changed', 'column', 'user', 'email', 'type'],
        ['changed', 'column', 'user', 'email', 'nullable'],
      ]);
    });

    it('reports a generated expression change (a nested value) once', () => {
      const expected = userWithColumn('email', { generated: { expression: 'a', stored: false } });
      const actual = userWithColumn('email', { generated: { expression: 'a', stored: true } });
      expect(brief(diffSchemas(aSchema(expected), aSchema(actual)))).toEqual([
        ['changed', 'column', 'user', 'email', 'generated'],
      ]);
    });

    it('ignores the position attribute itself', () => {
      const actual = userWithColumn('email', { position: 42 });
      expect(diffSchemas(aSchema(user()), aSchema(actual))).toEqual([]);
    });

    it('reports columns in another order as ONE column-order difference', () => {
      const [id, orgId, email, created] = user().columns;
      const differences = diffSchemas(aSchema(user()), aSchema(user({ columns: [id!, email!, orgId!, created!] })));
      expect(differences).toEqual([
        {
          kind: 'column-order',
          object: 'column',
          table: 'user',
          name: null,
          attribute: 'order',
          expected: ['id', 'org_id', 'email', 'created_at'],
          actual: ['id', 'email', 'org_id', 'created_at'],
        },
      ]);
    });
  });

  describe('primary key', () => {
    it.each([
      ['another column', ['email'], ['id'], ['email']],
      ['a composite key', ['id', 'org_id'], ['id'], ['id', 'org_id']],
      ['no primary key', null, ['id'], null],
    ] as const)('reports %s as one change', (_what, primaryKey, expected, actual) => {
      const differences = diffSchemas(aSchema(user()), aSchema(user({ primaryKey: primaryKey as string[] | null })));
      expect(differences).toEqual([
        {
          kind: 'changed',
          object: 'primaryKey',
          table: 'user',
          name: 'PRIMARY',
          attribute: 'columns',
          expected,
          actual,
        },
      ]);
    });

    it('tells key column order apart', () => {
      const expected = user({ primaryKey: ['id', 'org_id'] });
      const actual = user({ primaryKey: ['org_id', 'id'] });
      expect(brief(diffSchemas(aSchema(expected), aSchema(actual)))).toEqual([
        ['changed', 'primaryKey', 'user', 'PRIMARY', 'columns'],
      ]);
    });
  });

  describe('indexes', () => {
    const withIndexes = (...indexes: ReturnType<typeof anIndex>[]) => user({ indexes });
    const email = anIndex('ux_user_email', ['email'], { unique: true });

    it('reports the same index under another name as ONE renamed difference', () => {
      const renamed = { ...email, name: 'user_email_unique' };
      expect(diffSchemas(aSchema(withIndexes(email)), aSchema(withIndexes(renamed)))).toEqual([
        {
          kind: 'renamed',
          object: 'index',
          table: 'user',
          name: 'ux_user_email',
          attribute: 'name',
          expected: 'ux_user_email',
          actual: 'user_email_unique',
          definition: email,
        },
      ]);
    });

    it.each([
      ['unique', { unique: false }, true, false],
      ['kind', { kind: 'fulltext' }, 'btree', 'fulltext'],
      ['visible', { visible: false }, true, false],
      ['parts', { parts: [aPart('email', { prefix: 10 })] }, [aPart('email')], [aPart('email', { prefix: 10 })]],
    ] satisfies [string, Partial<Index>, unknown, unknown][])(
      'reports a %s change under the same name as one changed difference',
      (attribute, change, expected, actual) => {
        const differences = diffSchemas(aSchema(withIndexes(email)), aSchema(withIndexes({ ...email, ...change })));
        expect(differences).toEqual([
          {
            kind: 'changed',
            object: 'index',
            table: 'user',
            name: 'ux_user_email',
            attribute,
            expected,
            actual,
            definition: email,
          },
        ]);
      },
    );

    it('reports one changed difference per attribute that differs', () => {
      const changed = { ...email, unique: false, parts: [aPart('email', { descending: true })] };
      expect(brief(diffSchemas(aSchema(withIndexes(email)), aSchema(withIndexes(changed))))).toEqual([
        ['changed', 'index', 'user', 'ux_user_email', 'unique'],
        ['changed', 'index', 'user', 'ux_user_email', 'parts'],
      ]);
    });

    it('reports an index of another structure and name as missing plus extra', () => {
      const other = anIndex('ix_user_created', ['created_at']);
      const differences = diffSchemas(aSchema(withIndexes(email)), aSchema(withIndexes(other)));
      expect(brief(differences)).toEqual([
        ['missing', 'index', 'user', 'ux_user_email', null],
        ['extra', 'index', 'user', 'ix_user_created', null],
      ]);
      expect(differences[0]!.expected).toEqual(email);
      expect(differences[1]!.actual).toEqual(other);
    });

    it('does not pair an equal index with a renamed one', () => {
      const second = { ...email, name: 'ux_copy' };
      // expected has one index; actual has it plus a duplicate under another name: that one is extra
      expect(brief(diffSchemas(aSchema(withIndexes(email)), aSchema(withIndexes(email, second))))).toEqual([
        ['extra', 'index', 'user', 'ux_copy', null],
      ]);
    });
  });

  describe('indexes paired by what they are (issue 14)', () => {
    /** A through table: primary key (a, b), foreign keys on both columns. */
    const through = (
      indexes: Index[],
      foreignKeys = [aForeignKey('t_ibfk_1', ['a'], 'x'), aForeignKey('t_ibfk_2', ['b'], 'y')],
    ) =>
      aTable('t', {
        columns: [aColumn({ name: 'a' }), aColumn({ name: 'b' })],
        primaryKey: ['a', 'b'],
        indexes,
        foreignKeys,
      });
    const diff = (expected: Table, actual: Table) => diffSchemas(aSchema(expected), aSchema(actual));

    it.each([
      ['in the key order', ['a', 'b']],
      ['in the other order', ['b', 'a']],
    ])(
      'takes a UNIQUE index on exactly the primary key columns %s for the primary key again, on either side',
      (_order, columns) => {
        const twin = anIndex('t_a_b_unique', columns, { unique: true });
        for (const [expected, actual] of [
          [through([twin]), through([])],
          [through([]), through([twin])],
        ] as const) {
          const differences = diff(expected, actual);
          expect(brief(differences)).toEqual([['equivalent', 'index', 't', 't_a_b_unique', 'primaryKey']]);
          expect(isCosmetic(differences[0]!)).toBe(true);
        }
      },
    );

    it("keeps the primary key's UNIQUE twin a real difference when the other side's primary key is another", () => {
      const twin = anIndex('t_a_b_unique', ['a', 'b'], { unique: true });
      const surrogate = { ...through([]), primaryKey: ['id'] };
      expect(brief(diff(through([twin]), surrogate))).toContainEqual(['missing', 'index', 't', 't_a_b_unique', null]);
    });

    it('keeps a UNIQUE index on only some primary key columns, or with a prefix, a real difference', () => {
      expect(brief(diff(through([anIndex('ux_a', ['a'], { unique: true })]), through([])))).toEqual([
        ['missing', 'index', 't', 'ux_a', null],
      ]);
      const prefix = anIndex('ux_ab', [aPart('a', { prefix: 3 }), 'b'], { unique: true });
      expect(brief(diff(through([prefix]), through([])))).toEqual([['missing', 'index', 't', 'ux_ab', null]]);
    });

    it("lets go of the server's own index of a foreign key when the other side has none", () => {
      // InnoDB names it after the constraint, or after the first column (user_id_2 when that is taken)
      for (const name of ['t_ibfk_2', 'b', 'b_2']) {
        expect(diff(through([anIndex(name, ['b'])]), through([]))).toEqual([]);
        expect(diff(through([]), through([anIndex(name, ['b'])]))).toEqual([]);
      }
    });

    it("compares the server's own indexes of one foreign key under two names equal", () => {
      const byConstraint = through(
        [anIndex('fk_b', ['b'])],
        [aForeignKey('t_ibfk_1', ['a'], 'x'), aForeignKey('fk_b', ['b'], 'y')],
      );
      expect(brief(diff(through([anIndex('b', ['b'])]), byConstraint))).toEqual([
        ['renamed', 'foreignKey', 't', 't_ibfk_2', 'name'],
      ]);
    });

    it("pairs an index someone named with the server's own on the same foreign key: one index under two names", () => {
      const differences = diff(through([anIndex('t_b_idx', ['b'])]), through([anIndex('b', ['b'])]));
      expect(brief(differences)).toEqual([['renamed', 'index', 't', 't_b_idx', 'name']]);
      expect(differences[0]!.actual).toBe('b');
    });

    it('never lets go of an index someone named on a foreign key', () => {
      expect(brief(diff(through([anIndex('t_b_idx', ['b'])]), through([])))).toEqual([
        ['missing', 'index', 't', 't_b_idx', null],
      ]);
      expect(brief(diff(through([]), through([anIndex('t_b_idx', ['b'])])))).toEqual([
        ['extra', 'index', 't', 't_b_idx', null],
      ]);
      // named like the column, but on other columns than the key's: not the server's
      expect(brief(diff(through([anIndex('b', ['b', 'a'])]), through([])))).toEqual([
        ['missing', 'index', 't', 'b', null],
      ]);
    });

    it('makes UNIQUE on one side and a plain index on the other, under two names, one change of uniqueness', () => {
      const notes = (index: Index) =>
        aTable('notes', {
          columns: [aColumn({ name: 'id' }), aColumn({ name: 'shortid', type: 'varchar(12)' })],
          indexes: [index],
        });
      const unique = anIndex('shortid', ['shortid'], { unique: true });
      const plain = anIndex('notes_shortid', ['shortid']);
      const differences = diff(notes(unique), notes(plain));
      expect(differences).toEqual([
        {
          kind: 'changed',
          object: 'index',
          table: 'notes',
          name: 'shortid',
          attribute: 'unique',
          expected: true,
          actual: false,
          definition: unique,
          actualName: 'notes_shortid',
        },
      ]);
      expect(brief(diff(notes(plain), notes(unique)))).toEqual([
        ['changed', 'index', 'notes', 'notes_shortid', 'unique'],
      ]);
      // other columns are no such pair
      const other = anIndex('notes_id', ['id']);
      expect(brief(diff(notes(unique), notes(other)))).toEqual([
        ['missing', 'index', 'notes', 'shortid', null],
        ['extra', 'index', 'notes', 'notes_id', null],
      ]);
    });
  });

  describe('foreign keys', () => {
    const key = aForeignKey('fk_user_org', ['org_id'], 'org');
    const withKeys = (...foreignKeys: ReturnType<typeof aForeignKey>[]) => user({ foreignKeys });

    it('reports the same key under another name as ONE renamed difference', () => {
      expect(brief(diffSchemas(aSchema(withKeys(key)), aSchema(withKeys({ ...key, name: 'user_ibfk_1' }))))).toEqual([
        ['renamed', 'foreignKey', 'user', 'fk_user_org', 'name'],
      ]);
    });

    it.each([
      ['onDelete', { onDelete: 'CASCADE' }, 'RESTRICT', 'CASCADE'],
      ['onUpdate', { onUpdate: 'SET NULL' }, 'RESTRICT', 'SET NULL'],
      ['referencedTable', { referencedTable: 'organisation' }, 'org', 'organisation'],
      ['referencedColumns', { referencedColumns: ['uuid'] }, ['id'], ['uuid']],
      ['columns', { columns: ['owner_id'] }, ['org_id'], ['owner_id']],
    ] satisfies [string, Partial<ForeignKey>, unknown, unknown][])(
      'reports a %s change as one changed difference',
      (attribute, change, expected, actual) => {
        expect(diffSchemas(aSchema(withKeys(key)), aSchema(withKeys({ ...key, ...change })))).toEqual([
          {
            kind: 'changed',
            object: 'foreignKey',
            table: 'user',
            name: 'fk_user_org',
            attribute,
            expected,
            actual,
            definition: key,
          },
        ]);
      },
    );

    it('reports a missing and an extra key', () => {
      expect(brief(diffSchemas(aSchema(withKeys(key)), aSchema(withKeys())))).toEqual([
        ['missing', 'foreignKey', 'user', 'fk_user_org', null],
      ]);
      expect(brief(diffSchemas(aSchema(withKeys()), aSchema(withKeys(key))))).toEqual([
        ['extra', 'foreignKey', 'user', 'fk_user_org', null],
      ]);
    });
  });

  describe('checks', () => {
    const check = aCheck('ck_user_email', "email <> ''");
    const withChecks = (...checks: ReturnType<typeof aCheck>[]) => user({ checks });

    it('reports the same clause under another name as ONE renamed difference', () => {
      expect(
        brief(diffSchemas(aSchema(withChecks(check)), aSchema(withChecks(aCheck('user_chk_1', check.clause))))),
      ).toEqual([['renamed', 'check', 'user', 'ck_user_email', 'name']]);
    });

    it('reports another clause under the same name as one changed clause', () => {
      expect(
        diffSchemas(aSchema(withChecks(check)), aSchema(withChecks(aCheck(check.name, 'email is not null')))),
      ).toEqual([
        {
          kind: 'changed',
          object: 'check',
          table: 'user',
          name: 'ck_user_email',
          attribute: 'clause',
          expected: "email <> ''",
          actual: 'email is not null',
          definition: check,
        },
      ]);
    });
  });

  it('reports column, primary key, index, foreign key and check differences in that order', () => {
    const actual = user({
      columns: user().columns.map((c) => (c.name === 'email' ? { ...c, type: 'text' } : c)),
      primaryKey: ['email'],
      indexes: [],
      foreignKeys: [],
      checks: [],
    });
    expect(brief(diffSchemas(aSchema(user()), aSchema(actual))).map(([kind, object]) => `${kind} ${object}`)).toEqual([
      'changed column',
      'changed primaryKey',
      'missing index',
      'missing foreignKey',
      'missing check',
    ]);
  });
});

describe('differenceKey', () => {
  const differencesOf = () => diffSchemas(aSchema(user()), aSchema(userWithColumn('email', { type: 'text' })));

  it('is the same for the same difference computed twice', () => {
    expect(differencesOf().map(differenceKey)).toEqual(differencesOf().map(differenceKey));
  });

  it('tells differences apart by kind, name, attribute and values', () => {
    const [base] = differencesOf();
    const variants: Difference[] = [
      base!,
      { ...base!, kind: 'missing' },
      { ...base!, table: 'org' },
      { ...base!, name: 'org_id' },
      { ...base!, attribute: 'nullable' },
      { ...base!, expected: 'varchar(64)' },
      { ...base!, actual: 'mediumtext' },
    ];
    expect(new Set(variants.map(differenceKey)).size).toBe(variants.length);
  });
});

describe('tableInterner', () => {
  it('makes snapshots share unchanged tables, and only those, without changing what they compare as', () => {
    const intern = tableInterner();
    const user = () => aTable('user', { columns: [aColumn({ name: 'id' })] });
    const first = intern(aSchema(user(), aTable('org')));
    const second = intern(aSchema(user(), aTable('org', { columns: [aColumn({ name: 'name' })] })));
    expect(second.tables.user).toBe(first.tables.user);
    expect(second.tables.org).not.toBe(first.tables.org);
    expect(diffSchemas(first, second)).toEqual(diffSchemas(aSchema(user(), aTable('org')), second));
    expect(new Set(diffSchemas(first, second).map((difference) => difference.table))).toEqual(new Set(['org']));
  });
});
