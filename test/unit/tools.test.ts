import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alembicStep, parseRevisions } from '../../src/chain/alembic.js';
import { quote } from '../../src/project/process.js';
import { graphCollisions, parseList, type Listed } from '../../src/chain/listed.js';
import { collisionFindings } from '../../src/findings/make.js';
import { hintFor } from '../../src/findings/hints.js';
import { DRIFT_ASPECTS, FINDING_KINDS, type DriftAspect, type FindingKind } from '../../src/findings/types.js';
import { className } from '../../src/model/command.js';
import { locateMember, locateTable } from '../../src/model/locate.js';
import { lineIn, serverErrorIn, toolFailure } from '../../src/project/output.js';
import { withoutChatter } from '../../src/project/tool-host.js';
import { aFinding } from './results.js';

const FAILURE = readFileSync(path.join(import.meta.dirname, 'fixtures/alembic-failure.txt'), 'utf8');
const C682 = '/project/migrations/versions/c682ef478e45_drop_token_created_at.py';

const step = (name: string, parents: string[] | null): Listed => ({
  name,
  file: `/p/versions/${name}.py`,
  parents,
  upLine: 1,
  downLine: 2,
});

describe('a list command', () => {
  it('reads a step a line: its name, then its file, relative to the project', () => {
    expect(parseList('0001_users db/0001_users.up.sql\n\n  0002_posts  \n', '/p')).toEqual([
      { name: '0001_users', file: '/p/db/0001_users.up.sql', parents: null, upLine: null, downLine: null },
      { name: '0002_posts', file: '/p/0002_posts', parents: null, upLine: null, downLine: null },
    ]);
    expect(parseList('\n \n', '/p')).toEqual([]);
  });
});

describe('a revision graph', () => {
  it('has nothing to say of a straight chain, or of a plain ordered list', () => {
    expect(graphCollisions([step('a', []), step('b', ['a']), step('c', ['b'])])).toEqual([]);
    expect(graphCollisions([step('a', null), step('b', null)])).toEqual([]);
  });

  it('finds two heads, and a merge, as duplicate findings on the later revision', () => {
    const heads = graphCollisions([step('a', []), step('b', ['a']), step('c', ['a'])]);
    expect(heads).toEqual([{ kind: 'two-heads', file: '/p/versions/c.py', name: 'c', other: 'b' }]);
    const merged = graphCollisions([step('a', []), step('b', ['a']), step('c', ['a']), step('m', ['b', 'c'])]);
    expect(merged).toEqual([{ kind: 'merge', file: '/p/versions/m.py', name: 'm', other: 'b, c' }]);
    const [head, merge] = collisionFindings([...heads, ...merged]);
    expect(head).toMatchObject({ kind: 'duplicate', severity: 'error', migration: 'c', file: '/p/versions/c.py' });
    expect(head!.message).toMatch(/^c and b are both heads: .*alembic merge heads/);
    expect(merge).toMatchObject({ kind: 'duplicate', severity: 'warning', migration: 'm' });
    expect(merge!.message).toMatch(/^m merges b, c: /);
  });

  it('reads the listing from the last line of what the script printed', () => {
    const revisions = [step('a', []), step('b', ['a'])];
    expect(parseRevisions(`env.py says hello\n\n${JSON.stringify(revisions)}\n`)).toEqual(revisions);
    expect(parseRevisions('Traceback (most recent call last):\n  oops')).toBeNull();
    expect(parseRevisions('{"not": "a list"}')).toBeNull();
  });

  it('runs a revision up to itself, and down alone: back one on its branch, a merge to its first parent', () => {
    const plain = { ini: '/p/alembic.ini', flask: false };
    expect(alembicStep(plain, step('b', ['a']), 'upgrade')).toEqual({
      module: 'alembic',
      args: ['-c', '/p/alembic.ini', 'upgrade', 'b'],
    });
    expect(alembicStep(plain, step('b', ['a']), 'downgrade').args).toEqual([
      '-c',
      '/p/alembic.ini',
      'downgrade',
      'b@-1',
    ]);
    expect(alembicStep(plain, step('a', []), 'downgrade').args.at(-1)).toBe('a@-1');
    expect(alembicStep(plain, step('m', ['b', 'c']), 'downgrade').args.at(-1)).toBe('m@b');
  });

  it("runs a Flask-Migrate project's revisions through flask db, in its migrations directory", () => {
    const flask = { ini: '/p/migrations/alembic.ini', flask: true };
    expect(alembicStep(flask, step('b', ['a']), 'upgrade')).toEqual({
      module: 'flask',
      args: ['db', 'upgrade', '-d', '/p/migrations', 'b'],
    });
  });

  it('quotes a word for the shell only when it needs it', () => {
    expect(quote('/p/db/0001_users.sql')).toBe('/p/db/0001_users.sql');
    expect(quote('/my project/x.sql')).toBe(`'/my project/x.sql'`);
    expect(quote("it's $(rm -rf)")).toBe(`'it'\\''s $(rm -rf)'`);
  });
});

describe("a tool's failure", () => {
  it("reads Alembic's traceback: the server's error, the statement, and the revision's line", () => {
    expect(toolFailure(FAILURE, 1, { file: C682, line: 19 })).toEqual({
      failure: {
        message: "OperationalError (1091): Can't DROP 'token_creation_at'; check that column/key exists",
        file: C682,
        line: 20,
        server: {
          code: 'OperationalError',
          errno: 1091,
          message: "Can't DROP 'token_creation_at'; check that column/key exists",
        },
      },
      statement: {
        sql: 'ALTER TABLE user DROP COLUMN token_creation_at',
        error: "Can't DROP 'token_creation_at'; check that column/key exists",
      },
    });
  });

  it("falls back to the step's own line, and to the tool's last words", () => {
    const failure = toolFailure('INFO things\nFAILED: Multiple head revisions are present\n', 255, {
      file: '/p/x.py',
      line: 7,
    });
    expect(failure).toEqual({
      failure: { message: 'FAILED: Multiple head revisions are present', file: '/p/x.py', line: 7, server: null },
      statement: null,
    });
    expect(toolFailure('', 2, { file: '/p/x.py', line: null }).failure.message).toBe('the command exited with code 2');
    expect(toolFailure('', null, { file: '/p/x.py', line: null }).failure.message).toBe('the command was stopped');
  });

  it("reads a Node tool's error and line too", () => {
    const output = "Error: ER_DUP_FIELDNAME: Duplicate column name 'a'\n    at up (/p/db/0002_a.js:4:11)\n";
    expect(serverErrorIn(output)).toEqual({
      code: 'ER_DUP_FIELDNAME',
      errno: null,
      message: "Duplicate column name 'a'",
    });
    expect(lineIn(output, '/p/db/0002_a.js')).toBe(4);
    expect(lineIn(output, '/p/db/0003_b.js')).toBeNull();
  });

  it("leaves out Alembic's lines of every step, and keeps what the revision printed", () => {
    expect(
      withoutChatter(
        'INFO  [alembic.runtime.migration] Context impl MySQLImpl.\nbackfilled 3 rows\nINFO  [alembic.runtime.migration] Running upgrade a -> b, x\n',
      ),
    ).toBe('backfilled 3 rows\n');
  });
});

describe('a SQLAlchemy model', () => {
  const models = `from sqlalchemy import Column, Integer, String

class User(Base):
    __tablename__ = 'user'

    id = Column(Integer, primary_key=True)
    api_token = Column(String(255), index=True, unique=True)


class Account(Base):
    __tablename__ = "accounts"
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
`;

  it('finds the class of a table, by its name or by __tablename__', () => {
    expect(locateTable(models, ['user', className('user')])).toBe(3);
    expect(locateTable(models, ['accounts', className('accounts')])).toBe(11);
    expect(className('order_item')).toBe('OrderItem');
  });

  it('finds the attribute of a column, plain or annotated', () => {
    expect(locateMember(models, ['api_token'], 3)).toBe(7);
    expect(locateMember(models, ['owner_id'], 11)).toBe(12);
  });
});

describe("an Alembic project's hints", () => {
  const finding = (kind: FindingKind, aspect?: DriftAspect) => aFinding({ kind, ...(aspect && { aspect }) });

  it("name the fix in Alembic's words, and no Sequelize call", () => {
    expect(hintFor(finding('drift', 'column-only-in-model'), 'alembic')).toMatch(
      /^no migration adds this column \(or one dropped it\): add it in a new migration with op\.add_column/,
    );
    const sequelize =
      /umzug|addColumn|removeColumn|changeColumn|createTable|addIndex|removeIndex|Constraint\b|allowNull|defaultValue|Sequelize|belongsTo/;
    // out-of-order is no Alembic finding: a revision graph has no order to break
    for (const kind of FINDING_KINDS.filter((kind) => kind !== 'out-of-order'))
      expect(hintFor(finding(kind), 'alembic')).not.toMatch(sequelize);
    for (const aspect of DRIFT_ASPECTS) expect(hintFor(finding('drift', aspect), 'alembic')).not.toMatch(sequelize);
    expect(hintFor(finding('drift', 'column-only-in-model'))).toContain('addColumn');
  });
});
