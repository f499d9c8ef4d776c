import type { Index, Table } from './types.js';

/**
 * How the indexes of two tables pair up before they are compared by name: the rules that make the same
 * constraint written two ways compare equal (issue: "one defect, one finding").
 */
export interface IndexPairing {
  /** Indexes left to compare by name and structure. */
  expected: Index[];
  actual: Index[];
  /** A UNIQUE index on exactly the primary key's columns, on one side only: the primary key again. */
  equivalent: [Index | null, Index | null][];
  /** One index under two names, at least one of them made by the server for a foreign key. */
  renamed: [Index, Index][];
  /** The same columns, UNIQUE on one side and a plain index on the other, under two names. */
  uniqueness: [Index, Index][];
}

export function pairIndexes(expected: Table, actual: Table): IndexPairing {
  const key = (index: Index) => JSON.stringify({ ...index, name: '' });
  const exact = (index: Index, other: Index[]) =>
    other.some((candidate) => candidate.name === index.name && key(candidate) === key(index));
  let wanted = expected.indexes.filter((index) => !exact(index, actual.indexes));
  let left = actual.indexes.filter((index) => !exact(index, expected.indexes));
  const take = (want: Index | null, got: Index | null) => {
    wanted = wanted.filter((index) => index !== want);
    left = left.filter((index) => index !== got);
  };
  const pairing: IndexPairing = { expected: [], actual: [], equivalent: [], renamed: [], uniqueness: [] };

  // the primary key again: twins on both sides are one index under two names, a twin alone is equivalent,
  // but only where the other side has that primary key too: else the uniqueness is really missing
  const samePrimaryKey = sameColumns(expected.primaryKey ?? [], actual.primaryKey ?? []);
  for (const want of wanted.filter((index) => samePrimaryKey && isPrimaryTwin(index, expected))) {
    const got = left.find((index) => isPrimaryTwin(index, actual));
    if (got && key(got) === key(want)) pairing.renamed.push([want, got]);
    else if (!got) pairing.equivalent.push([want, null]);
    take(want, got ?? null);
  }
  for (const got of left.filter((index) => samePrimaryKey && isPrimaryTwin(index, actual))) {
    pairing.equivalent.push([null, got]);
    take(null, got);
  }

  // a foreign key's index: the server's own on both sides is no difference; the server's and a named one
  // are the same index under two names; the server's alone only says how the key was added
  for (const want of [...wanted]) {
    const got = left.find((index) => key(index) === key(want));
    const made = [isServerMade(want, expected), got !== undefined && isServerMade(got, actual)];
    if (!got || !made.some(Boolean)) continue;
    if (!made.every(Boolean)) pairing.renamed.push([want, got]);
    take(want, got);
  }
  wanted = wanted.filter((index) => !isServerMade(index, expected));
  left = left.filter((index) => !isServerMade(index, actual));

  // UNIQUE on one side, a plain index on the other: one difference of uniqueness, not two indexes
  const named = (name: string, indexes: Index[]) => indexes.some((index) => index.name === name);
  for (const want of [...wanted]) {
    if (named(want.name, left)) continue;
    const got = left.find(
      (index) =>
        !named(index.name, wanted) &&
        index.unique !== want.unique &&
        key({ ...index, unique: want.unique }) === key(want),
    );
    if (!got) continue;
    pairing.uniqueness.push([want, got]);
    take(want, got);
  }
  return { ...pairing, expected: wanted, actual: left };
}

/**
 * A UNIQUE index on exactly the primary key's columns, in any order, adds no constraint: Sequelize's
 * belongsToMany gives its through table both, where migrations usually write only the primary key.
 */
function isPrimaryTwin(index: Index, table: Table): boolean {
  const key = table.primaryKey;
  if (!index.unique || index.kind !== 'btree' || !key || index.parts.length !== key.length) return false;
  const columns = plainColumns(index);
  return columns !== null && sameColumns(columns, key);
}

/** The same columns, in any order: a uniqueness constraint does not depend on it. */
function sameColumns(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((column) => b.includes(column));
}

/**
 * InnoDB makes an index for a foreign key that no index serves, named after the constraint, or after its
 * first column (with `_2`, `_3` … when that name is taken), and drops it when an index that serves the
 * key is added: so the same declared schema has it or not depending on how the key was added. An index
 * someone named is never taken for one.
 */
function isServerMade(index: Index, table: Table): boolean {
  if (index.unique || index.kind !== 'btree' || !index.visible) return false;
  const columns = plainColumns(index);
  if (columns === null) return false;
  return table.foreignKeys.some(
    (key) =>
      key.columns.join('\0') === columns.join('\0') &&
      (index.name === key.name || new RegExp(`^${escapeRegExp(key.columns[0]!)}(_\\d+)?$`).test(index.name)),
  );
}

/** The index's columns, or null when a part is more than a whole column (a prefix, an expression, DESC). */
function plainColumns(index: Index): string[] | null {
  const plain = index.parts.every((part) => part.column !== null && part.prefix === null && !part.descending);
  return plain ? index.parts.map((part) => part.column!) : null;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
