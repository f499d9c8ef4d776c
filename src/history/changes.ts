/** A migration file as one side of the comparison has it. */
export interface MigrationFile {
  /** umzug's name: the file's base name. */
  name: string;
  /** Absolute path in the working tree (for the base: where the file was). */
  file: string;
  content: string;
}

/** What the pull request did to a migration that was already released (present at the base). */
export type HistoryChange =
  | {
      kind: 'edited';
      name: string;
      file: string;
      /** Only whitespace or line endings changed: nothing a database sees. */
      whitespaceOnly: boolean;
      added: number;
      removed: number;
      /** The first line that differs, in the pull request's version. */
      line: number;
    }
  | { kind: 'deleted'; name: string; file: string }
  | { kind: 'renamed'; name: string; from: string; file: string }
  /** A new migration that sorts before the newest released one. */
  | { kind: 'back-dated'; name: string; file: string; newest: string };

export interface History {
  changes: HistoryChange[];
  /** Migrations the pull request adds, in umzug's order (renamed ones included: umzug sees a new name). */
  added: string[];
  /** Migrations present at the base, in its umzug order. */
  released: string[];
}

/**
 * Compares the migration files at the base with the pull request's. Files are matched by name, as umzug
 * matches them against its metadata table: a moved file with the same name is the same migration. A
 * deleted file whose content reappears under a new name is a rename.
 *
 * `base` and `head` hold every file of the chain (including `.down.sql` halves), in umzug's order;
 * `isMigration` tells which files are migrations of their own.
 */
export function compareHistory(
  base: MigrationFile[],
  head: MigrationFile[],
  isMigration: (name: string) => boolean,
  /** False for a revision graph, whose order between branches is none a database keeps: nothing is back-dated. */
  ordered = true,
): History {
  const headByName = new Map(head.map((file) => [file.name, file]));
  const baseNames = new Set(base.map((file) => file.name));
  const changes: HistoryChange[] = [];
  const deleted: MigrationFile[] = [];
  for (const before of base) {
    const after = headByName.get(before.name);
    if (!after) deleted.push(before);
    else if (after.content !== before.content) changes.push(edited(before, after));
  }
  const fresh = head.filter((file) => !baseNames.has(file.name));
  for (const gone of deleted) {
    const twin = fresh.find((file) => sameText(file.content, gone.content) && !renamedTo(changes, file.name));
    changes.push(
      twin
        ? { kind: 'renamed', name: twin.name, from: gone.name, file: twin.file }
        : { kind: 'deleted', name: gone.name, file: gone.file },
    );
  }
  const order = head.filter((file) => isMigration(file.name)).map((file) => file.name);
  const released = base.filter((file) => isMigration(file.name)).map((file) => file.name);
  const newestIndex = Math.max(...order.map((name, i) => (baseNames.has(name) ? i : -1)));
  const added = order.filter((name) => !baseNames.has(name));
  for (const name of ordered ? added : []) {
    const renamed = renamedTo(changes, name);
    if (order.indexOf(name) < newestIndex && !renamed)
      changes.push({ kind: 'back-dated', name, file: headByName.get(name)!.file, newest: order[newestIndex]! });
  }
  return { changes, added, released };
}

function renamedTo(changes: HistoryChange[], name: string): boolean {
  return changes.some((change) => change.kind === 'renamed' && change.name === name);
}

function edited(before: MigrationFile, after: MigrationFile): HistoryChange {
  const stat = lineStat(before.content, after.content);
  return {
    kind: 'edited',
    name: after.name,
    file: after.file,
    whitespaceOnly: sameText(before.content, after.content),
    ...stat,
  };
}

/** Equal but for whitespace and line endings. */
export function sameText(a: string, b: string): boolean {
  return a.replace(/\s+/g, '') === b.replace(/\s+/g, '');
}

/**
 * Lines added and removed, as `git diff --stat` counts them: the lines outside a longest common
 * subsequence of the two files' lines.
 */
export function lineStat(before: string, after: string): { added: number; removed: number; line: number } {
  const a = lines(before);
  const b = lines(after);
  // Common head and tail first: edits are usually small, which keeps the table small.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const x = a.slice(start, a.length - end);
  const y = b.slice(start, b.length - end);
  const common = lcsLength(x, y);
  return { added: y.length - common, removed: x.length - common, line: Math.min(start, Math.max(b.length - 1, 0)) + 1 };
}

function lines(text: string): string[] {
  const split = text.split('\n');
  if (split.at(-1) === '') split.pop();
  return split;
}

function lcsLength(x: string[], y: string[]): number {
  let previous = new Uint32Array(y.length + 1);
  let current = new Uint32Array(y.length + 1);
  for (const line of x) {
    for (let j = 1; j <= y.length; j++)
      current[j] = line === y[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    [previous, current] = [current, previous];
  }
  return previous[y.length]!;
}
