import type { Check, Column, ForeignKey, Index, Schema, Table } from './types.js';
import { pairIndexes } from './pairing.js';

export type ObjectKind = 'table' | 'column' | 'primaryKey' | 'index' | 'foreignKey' | 'check';

/**
 * - missing: in the expected schema, not in the actual one;
 * - extra: in the actual schema, not in the expected one;
 * - changed: in both, one attribute differs;
 * - renamed: the same index, foreign key or check under another name;
 * - column-order: the same columns in another order;
 * - equivalent: on one side only, but the same constraint as something both sides have (a UNIQUE index
 *   on exactly the primary key's columns).
 */
export type DifferenceKind = 'missing' | 'extra' | 'changed' | 'renamed' | 'column-order' | 'equivalent';

export interface Difference {
  kind: DifferenceKind;
  object: ObjectKind;
  table: string;
  /** Column, index, foreign key or check name; for `renamed`, the expected name. */
  name: string | null;
  /** For `changed`: which attribute, e.g. `type`, `nullable`, `default`, `parts`. */
  attribute: string | null;
  expected: unknown;
  actual: unknown;
  /**
   * For a `changed` or `renamed` index, foreign key or check: its whole definition on the expected side, so
   * that a message can say what it is (its columns, what it references), not only its name.
   */
  definition?: Index | ForeignKey | Check;
  /** For a `changed` index the two sides name differently (paired by its columns): the actual side's name. */
  actualName?: string;
}

/** Every difference between `expected` (the model, or the snapshot a step must restore) and `actual`. */
export function diffSchemas(expected: Schema, actual: Schema): Difference[] {
  const differences: Difference[] = [];
  const names = [...new Set([...Object.keys(expected.tables), ...Object.keys(actual.tables)])].sort();
  for (const name of names) {
    const want = expected.tables[name];
    const got = actual.tables[name];
    // Snapshots share the objects of tables that did not change (see intern.ts): nothing to compare.
    if (want && want === got) continue;
    if (want && got) differences.push(...diffTables(want, got));
    else differences.push(difference(want ? 'missing' : 'extra', 'table', name, null, null, want ?? null, got ?? null));
  }
  return differences;
}

function diffTables(expected: Table, actual: Table): Difference[] {
  const table = expected.name;
  const differences: Difference[] = [];
  for (const attribute of ['engine', 'collation', 'comment', 'options'] as const) {
    if (expected[attribute] !== actual[attribute])
      differences.push(difference('changed', 'table', table, null, attribute, expected[attribute], actual[attribute]));
  }
  differences.push(...diffColumns(expected, actual));
  if (!same(expected.primaryKey, actual.primaryKey))
    differences.push(
      difference('changed', 'primaryKey', table, 'PRIMARY', 'columns', expected.primaryKey, actual.primaryKey),
    );
  differences.push(...diffIndexes(expected, actual));
  differences.push(...diffNamed('foreignKey', table, expected.foreignKeys, actual.foreignKeys, foreignKeyShape));
  differences.push(...diffNamed('check', table, expected.checks, actual.checks, checkShape));
  return differences;
}

const COLUMN_ATTRIBUTES = [
  'type',
  'nullable',
  'default',
  'autoIncrement',
  'onUpdate',
  'generated',
  'charset',
  'collation',
  'comment',
] as const satisfies readonly (keyof Column)[];

function diffColumns(expected: Table, actual: Table): Difference[] {
  const table = expected.name;
  const differences: Difference[] = [];
  const actualByName = new Map(actual.columns.map((column) => [column.name, column]));
  const expectedNames = new Set(expected.columns.map((column) => column.name));
  for (const want of expected.columns) {
    const got = actualByName.get(want.name);
    if (!got) {
      differences.push(difference('missing', 'column', table, want.name, null, want, null));
      continue;
    }
    for (const attribute of COLUMN_ATTRIBUTES) {
      if (!same(want[attribute], got[attribute]))
        differences.push(difference('changed', 'column', table, want.name, attribute, want[attribute], got[attribute]));
    }
  }
  for (const got of actual.columns) {
    if (!expectedNames.has(got.name)) differences.push(difference('extra', 'column', table, got.name, null, null, got));
  }
  const expectedOrder = expected.columns.map((c) => c.name).filter((name) => actualByName.has(name));
  const actualOrder = actual.columns.map((c) => c.name).filter((name) => expectedNames.has(name));
  if (!same(expectedOrder, actualOrder))
    differences.push(difference('column-order', 'column', table, null, 'order', expectedOrder, actualOrder));
  return differences;
}

/**
 * Indexes are matched as diffNamed matches them, after the pairing rules of pairing.ts: an index that is
 * the primary key again, or one the server made for a foreign key, is no difference of its own.
 */
function diffIndexes(expected: Table, actual: Table): Difference[] {
  const table = expected.name;
  const paired = pairIndexes(expected, actual);
  const differences = paired.equivalent.map(([want, got]) =>
    difference('equivalent', 'index', table, (want ?? got)!.name, 'primaryKey', want, got),
  );
  for (const [want, got] of paired.renamed)
    differences.push({
      ...difference('renamed', 'index', table, want.name, 'name', want.name, got.name),
      definition: want,
    });
  for (const [want, got] of paired.uniqueness)
    differences.push({
      ...difference('changed', 'index', table, want.name, 'unique', want.unique, got.unique),
      definition: want,
      actualName: got.name,
    });
  return [...differences, ...diffNamed('index', table, paired.expected, paired.actual, indexShape)];
}

/**
 * Matches indexes, foreign keys and checks by name and structure: the same name and structure is equal;
 * the same structure under another name is `renamed`; the same name with another structure is
 * `changed`, one difference per attribute; the rest are missing or extra.
 */
function diffNamed<T extends Index | ForeignKey | Check>(
  object: ObjectKind,
  table: string,
  expected: T[],
  actual: T[],
  shape: (item: T) => Record<string, unknown>,
): Difference[] {
  const differences: Difference[] = [];
  const key = (item: T) => JSON.stringify(shape(item));
  let wanted = expected.filter((want) => !actual.some((got) => got.name === want.name && key(got) === key(want)));
  let left = actual.filter((got) => !expected.some((want) => want.name === got.name && key(want) === key(got)));
  for (const want of [...wanted]) {
    const got = left.find((candidate) => key(candidate) === key(want));
    if (!got) continue;
    differences.push({
      ...difference('renamed', object, table, want.name, 'name', want.name, got.name),
      definition: want,
    });
    wanted = wanted.filter((item) => item !== want);
    left = left.filter((item) => item !== got);
  }
  for (const want of wanted) {
    const got = left.find((candidate) => candidate.name === want.name);
    if (!got) {
      differences.push(difference('missing', object, table, want.name, null, want, null));
      continue;
    }
    left = left.filter((item) => item !== got);
    const [wantShape, gotShape] = [shape(want), shape(got)];
    for (const attribute of Object.keys(wantShape)) {
      if (!same(wantShape[attribute], gotShape[attribute]))
        differences.push({
          ...difference('changed', object, table, want.name, attribute, wantShape[attribute], gotShape[attribute]),
          definition: want,
        });
    }
  }
  for (const got of left) differences.push(difference('extra', object, table, got.name, null, null, got));
  return differences;
}

export const indexShape = ({ name: _name, ...shape }: Index) => shape;
const foreignKeyShape = ({ name: _name, ...shape }: ForeignKey) => shape;
const checkShape = ({ name: _name, ...shape }: Check) => shape;

function difference(
  kind: DifferenceKind,
  object: ObjectKind,
  table: string,
  name: string | null,
  attribute: string | null,
  expected: unknown,
  actual: unknown,
): Difference {
  return { kind, object, table, name, attribute, expected, actual };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Names, column order, and the same constraint written another way: not a defect of the schema. */
export function isCosmetic(difference: Difference): boolean {
  return difference.kind === 'renamed' || difference.kind === 'column-order' || difference.kind === 'equivalent';
}

/** A stable identity for a difference, to tell a difference a step introduced from one it inherited. */
export function differenceKey(difference: Difference): string {
  return JSON.stringify(difference);
}
