import path from 'node:path';
import type { Collision } from './duplicates.js';

/** A step as a migration tool lists it: what the gate runs by name, and where it is written. */
export interface Listed {
  name: string;
  file: string;
  /** The steps it follows (Alembic's down_revision); null when the tool keeps a plain order. */
  parents: string[] | null;
  upLine: number | null;
  downLine: number | null;
}

/**
 * Reads a `--list` command's output: one step a line, its name, then optionally its file (relative to the
 * project directory). A name alone that is a file is that file.
 */
export function parseList(output: string, dir: string): Listed[] {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [name, ...rest] = line.split(/\s+/);
      const file = rest.join(' ') || name!;
      return { name: name!, file: path.resolve(dir, file), parents: null, upLine: null, downLine: null };
    });
}

/**
 * What a revision graph says of the chain: two heads (revisions nothing follows: `alembic upgrade head`
 * refuses until a merge joins them, and each branch's databases ran only their own), and merges (the
 * branches they join ran in a different order on different databases than the replay ran them).
 */
export function graphCollisions(steps: Listed[]): Collision[] {
  const followed = new Set(steps.flatMap((step) => step.parents ?? []));
  const heads = steps.filter((step) => step.parents !== null && !followed.has(step.name));
  const collisions: Collision[] = heads.slice(1).map((head) => ({
    kind: 'two-heads',
    file: head.file,
    name: head.name,
    other: heads[0]!.name,
  }));
  for (const step of steps)
    if ((step.parents?.length ?? 0) > 1)
      collisions.push({ kind: 'merge', file: step.file, name: step.name, other: step.parents!.join(', ') });
  return collisions;
}
