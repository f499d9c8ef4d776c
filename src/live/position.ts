import { migrationKey } from '../chain/names.js';

/** Where a database is in the chain: what it recorded, what a deploy will run, and what it ran that is gone. */
export interface Position {
  /** The chain's migrations (indexes in file order) the database recorded as run. */
  applied: number[];
  /** Those it did not: what a deploy runs, in this order. */
  pending: number[];
  /** Recorded names no migration file has: deleted or renamed migrations. */
  missing: string[];
  /** Pending migrations that sort before the newest applied one: a deploy runs them after it, a fresh database before. */
  behind: number[];
}

/**
 * Matches the meta table's names with the chain's files (`names`, in file order) by name without the
 * extension: a project that records its compiled `x.js` runs the `x.ts` the gate reads.
 */
export function positionOf(recorded: string[], names: string[]): Position {
  const ran = new Set(recorded.map(migrationKey));
  const files = new Set(names.map(migrationKey));
  const applied: number[] = [];
  const pending: number[] = [];
  names.forEach((name, i) => (ran.has(migrationKey(name)) ? applied : pending).push(i));
  const newest = applied.at(-1) ?? -1;
  return {
    applied,
    pending,
    missing: recorded.filter((name) => !files.has(migrationKey(name))),
    behind: pending.filter((i) => i < newest),
  };
}
