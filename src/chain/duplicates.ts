import path from 'node:path';

/**
 * Two migrations that collide: the same name, or the same ordering prefix; or, in a revision graph
 * (chain/listed.ts), a second head or a merge of two branches.
 */
export type Collision =
  | {
      kind: 'same-name' | 'same-prefix';
      /** The later file of the pair (in umzug's order), where the finding goes. */
      file: string;
      /** The earlier file it collides with. */
      other: string;
      prefix: string;
    }
  | {
      kind: 'two-heads' | 'merge';
      /** The later head, or the merge revision. */
      file: string;
      name: string;
      /** The first head, or the revisions the merge joins. */
      other: string;
    };

/**
 * Two migrations with the same name (umzug names them by file name, so one of two same-named files in
 * different folders never runs where the other ran), or the same leading number or timestamp: two
 * branches that each added "the next" migration, whose order then depends on the rest of the name.
 */
export function findCollisions(files: string[]): Collision[] {
  const collisions: Collision[] = [];
  const byName = new Map<string, string>();
  const byPrefix = new Map<string, string>();
  for (const file of files) {
    const name = path.basename(file);
    const earlier = byName.get(name);
    if (earlier) {
      collisions.push({ kind: 'same-name', file, other: earlier, prefix: name });
      continue;
    }
    byName.set(name, file);
    const prefix = orderingPrefix(name);
    const sibling = prefix === null ? undefined : byPrefix.get(prefix);
    if (prefix !== null && sibling) collisions.push({ kind: 'same-prefix', file, other: sibling, prefix });
    else if (prefix !== null) byPrefix.set(prefix, file);
  }
  return collisions;
}

/** The leading number or timestamp of a migration name: `20240101120000`, `0003`, `2024.01.02T00.00.00`. */
export function orderingPrefix(name: string): string | null {
  return name.match(/^(\d[\d.T:]*\d|\d)(?=[-_.])/)?.[1] ?? null;
}
