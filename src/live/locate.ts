import { diffSchemas, type Difference } from '../schema/diff.js';
import type { Schema, Table } from '../schema/types.js';

/** Where a live schema stands among the schemas a chain goes through, and what no step explains. */
export interface LiveState {
  /** How many steps of the replay give the schema the live one is, or is nearest to. */
  at: number;
  /**
   * The step after `at` (its index) that the live schema has part of, as a migration that failed midway
   * leaves it (MySQL's DDL is not transactional): what it has of the step's changes (against the schema
   * before the step), and what it lacks (against the schema after it).
   */
  partial: { step: number; done: Difference[]; lacking: Difference[] } | null;
  /** Differences no step explains: the replay's schema after `at` steps (expected) against the live one. */
  drift: Difference[];
}

/**
 * Places `live` among `snapshots` (the replay's schema after 0, 1, … steps, in the order the database
 * runs them). Each position is a candidate as it is, or with part of its next step done; the one that
 * leaves the fewest objects unexplained wins, and among equals the one nearest to `recorded`, where the
 * meta table says the database is. Contradicting the meta table counts as one more thing unexplained: a
 * dropped index is a hand-made change sooner than a recorded migration that was half-applied.
 */
export function locate(snapshots: Schema[], live: Schema, recorded: number): LiveState {
  const objects = snapshots.map(objectsOf);
  const here = objectsOf(live);
  let best: { state: () => LiveState; unexplained: number; distance: number } | null = null;
  const consider = (state: () => LiveState, unexplained: number, distance: number) => {
    if (!best || unexplained < best.unexplained || (unexplained === best.unexplained && distance < best.distance))
      best = { state, unexplained, distance };
  };
  objects.forEach((before, k) => {
    consider(
      () => ({ at: k, partial: null, drift: diffSchemas(snapshots[k]!, live) }),
      unexplainedAt(before, here).size + (k === recorded ? 0 : 1),
      Math.abs(k - recorded),
    );
    const after = objects[k + 1];
    if (!after) return;
    const split = partway(before, after, here);
    if (split)
      consider(
        () => ({
          at: k,
          partial: {
            step: k,
            done: diffSchemas(snapshots[k]!, live).filter((d) => split.done.has(keyOf(d))),
            lacking: diffSchemas(snapshots[k + 1]!, live).filter((d) => split.lacking.has(keyOf(d))),
          },
          drift: unexplainedDifferences(snapshots[k]!, snapshots[k + 1]!, live, split.unexplained),
        }),
        // the step the meta table says is the next to run is the one a failed deploy leaves half-applied
        split.unexplained.size + (k === recorded ? 0 : 1),
        Math.abs(k + 0.5 - recorded),
      );
  });
  return best!.state();
}

/**
 * The differences of the unexplained objects, against the schema before the step, and (for objects in a
 * table the step creates, which that diff sees as one whole table) after it.
 */
function unexplainedDifferences(before: Schema, after: Schema, live: Schema, unexplained: Set<string>): Difference[] {
  const taken = new Set<string>();
  return [...diffSchemas(before, live), ...diffSchemas(after, live)].filter((difference) => {
    const key = keyOf(difference);
    const one = JSON.stringify([key, difference.kind, difference.attribute]);
    if (!unexplained.has(key) || taken.has(one)) return false;
    taken.add(one);
    return true;
  });
}

/** A schema as its objects, each by a key (`column:user.api_token`) with its definition as JSON. */
type Objects = Map<string, string>;

/** The objects where `live` differs from `schema`. */
function unexplainedAt(schema: Objects, live: Objects): Set<string> {
  return new Set([...keysOf(schema, live)].filter((key) => schema.get(key) !== live.get(key)));
}

/**
 * Splits the objects a step changes into those the live schema has as after the step (done) and as
 * before it (lacking); an object it has in neither form, or one the step leaves alone that it has
 * otherwise, is unexplained. Null unless some are done and some lacking: partway, not before or after.
 */
function partway(
  before: Objects,
  after: Objects,
  live: Objects,
): { done: Set<string>; lacking: Set<string>; unexplained: Set<string> } | null {
  const done = new Set<string>();
  const lacking = new Set<string>();
  const unexplained = new Set<string>();
  for (const key of keysOf(before, after, live)) {
    const [was, is, has] = [before.get(key), after.get(key), live.get(key)];
    if (was === is) {
      if (has !== was) unexplained.add(key);
    } else if (has === is) done.add(key);
    else if (has === was) lacking.add(key);
    else unexplained.add(key);
  }
  return done.size > 0 && lacking.size > 0 ? { done, lacking, unexplained } : null;
}

function keysOf(...schemas: Objects[]): Set<string> {
  return new Set(schemas.flatMap((objects) => [...objects.keys()]));
}

const tableObjects = new WeakMap<Table, [string, string][]>();

function objectsOf(schema: Schema): Objects {
  return new Map(Object.values(schema.tables).flatMap(objectsOfTable));
}

/** A table's objects: itself (its options), its column order, each column, its keys, indexes and checks. */
function objectsOfTable(table: Table): [string, string][] {
  const known = tableObjects.get(table);
  if (known) return known;
  const { name, columns, primaryKey, indexes, foreignKeys, checks, ...options } = table;
  const objects: [string, string][] = [
    [`table:${name}`, JSON.stringify(options)],
    [`order:${name}`, JSON.stringify(columns.map((column) => column.name))],
    [`primaryKey:${name}`, JSON.stringify(primaryKey)],
    ...columns.map(({ position: _, ...column }): [string, string] => [
      `column:${name}.${column.name}`,
      JSON.stringify(column),
    ]),
    ...indexes.map((index): [string, string] => [`index:${name}.${index.name}`, JSON.stringify(index)]),
    ...foreignKeys.map((key): [string, string] => [`foreignKey:${name}.${key.name}`, JSON.stringify(key)]),
    ...checks.map((check): [string, string] => [`check:${name}.${check.name}`, JSON.stringify(check)]),
  ];
  tableObjects.set(table, objects);
  return objects;
}

/** The object a difference is about, keyed as objectsOf keys it. */
function keyOf(difference: Difference): string {
  const { object, table, name } = difference;
  if (object === 'table') return `table:${table}`;
  if (object === 'column') return name === null ? `order:${table}` : `column:${table}.${name}`;
  if (object === 'primaryKey') return `primaryKey:${table}`;
  return `${object}:${table}.${name}`;
}
