import type { LoadFailure, Step } from '../chain/types.js';
import type { StepProbe, Measured } from '../probe/types.js';
import { diffSchemas, type Difference } from '../schema/diff.js';
import { narrowing } from '../schema/narrowing.js';
import type { Schema } from '../schema/types.js';
import { oneLine } from './describe.js';
import type { Finding, FindingKind } from './types.js';

/** The base commit's model, as `breaking-change` needs it: its tables, and where each column is mapped. */
export interface BaseModel {
  /** The base commit, short. */
  sha: string;
  schema: Schema;
  /** `table.column` (and `table`) → where the base's model maps it, as `models/user.ts:14`. */
  where: Record<string, string>;
}

/** What the safety checks saw: the probes of the new steps, and what the chain did around them. */
export interface SafetyEvidence {
  /** The server the probes ran on, as a report names it (`MySQL 9.7.0`). */
  server: string;
  probes: StepProbe[];
  /** The first up pass's snapshots: before and after each step. */
  snapshots: Schema[];
  /**
   * The steps the pull request adds (those the base commit does not have); null with --lint-all, which
   * probes every step without knowing which of them production has run.
   */
  added: Set<number> | null;
  /** Each migration file's text, for the line of a statement. */
  sources: Record<string, string>;
  baseModel: BaseModel | null;
  /**
   * The working tree's model, when it was compared: what it still maps and the chain drops is drift
   * already (the new app breaks too), not a breaking change of the rollout as well.
   */
  headModel: Schema | null;
}

/**
 * Findings of the new migrations' safety: what each statement costs on this server (table-copy,
 * write-lock, rebuild), what it destroys (destructive), and what the app still deployed during the
 * rollout loses (breaking-change).
 */
export function safetyFindings(evidence: SafetyEvidence, entries: (Step | LoadFailure)[]): Finding[] {
  return evidence.probes.flatMap((probe) => {
    const step = entries[probe.step] as Step;
    const before = evidence.snapshots[probe.step];
    const after = evidence.snapshots[probe.step + 1];
    const changes = before && after ? diffSchemas(before, after) : [];
    const at = locator(step, evidence.sources[step.file] ?? '');
    const removed = removals(changes, new Map(probe.renamed));
    return [
      ...probe.measured.flatMap((measured) => costFinding(measured, step, evidence.server, at(namesOf(measured)))),
      ...destructiveFindings(changes, removed, probe, step, at).filter(
        (finding) => !createdByAdded(evidence, probe.step, finding.table!, finding.column),
      ),
      ...breakingFindings(removed, evidence, step, at),
      ...unmeasuredFindings(probe, step),
    ];
  });
}

type Locate = (names: string[]) => number | null;

/** A finding on a step's up: what each safety finding has in common. */
function onUp(
  step: Step,
  finding: Pick<Finding, 'kind' | 'severity' | 'message' | 'line' | 'table' | 'column'> & Partial<Finding>,
): Finding {
  return { file: step.file, migration: step.name, direction: 'up', differences: [], ...finding };
}

/** What a measured statement costs, as a finding: none when it is INSTANT, or in place without a rebuild. */
function costFinding(measured: Measured, step: Step, server: string, line: number | null): Finding[] {
  const kind = costKind(measured);
  if (kind === null) return [];
  const what = {
    'table-copy': measured.online
      ? `copies table ${measured.table} (writes go on, but it reads and writes the whole table)`
      : `copies table ${measured.table}: writes to it are blocked until the copy ends`,
    'write-lock': `blocks writes to ${measured.table} while it runs${measured.rebuild ? ' (it rebuilds the table)' : ''}`,
    rebuild: `rebuilds table ${measured.table} (writes go on, but it reads and writes the whole table)`,
  }[kind];
  const algorithm = `ALGORITHM=${measured.algorithm}${measured.online ? ', LOCK=NONE' : ''}`;
  const why = measured.asWritten
    ? 'as the statement asks'
    : measured.reason
      ? `the server: "${measured.reason}"`
      : null;
  return [
    onUp(step, {
      kind,
      severity: 'warning',
      message: `${step.name}: \`${oneLine(measured.sql, 100)}\` ${what}; ${server} chose ${algorithm}${why ? ` (${why})` : ''}`,
      line: line ?? step.upLine,
      table: measured.table,
      column: null,
      probe: {
        algorithm: measured.algorithm,
        online: measured.online,
        rebuild: measured.rebuild,
        reason: measured.reason,
        statement: measured.sql,
        server,
      },
    }),
  ];
}

export function costKind(
  measured: Pick<Measured, 'algorithm' | 'online' | 'rebuild'>,
): Extract<FindingKind, 'table-copy' | 'write-lock' | 'rebuild'> | null {
  if (measured.algorithm === 'COPY') return 'table-copy';
  if (!measured.online) return 'write-lock';
  return measured.rebuild ? 'rebuild' : null;
}

/**
 * What to look for to find a statement's line: its own text (raw SQL in the migration), then the names it
 * holds in the order it names them (an index's or constraint's name before its columns), then the table.
 */
function namesOf(measured: Measured): string[] {
  const quoted = [...measured.sql.matchAll(/`((?:[^`]|``)+)`/g)].map((match) => match[1]!.replace(/``/g, '`'));
  return [
    ...new Set([
      measured.sql.replace(/\s+/g, ' ').trim().slice(0, 30),
      ...quoted.filter((name) => name !== measured.table),
      measured.table,
    ]),
  ];
}

export interface Removal {
  table: string;
  column: string | null;
  /** The name it has after the step, when it was renamed rather than dropped. */
  renamedTo: string | null;
}

/**
 * Tables and columns that existed before the step and not after it, each dropped, or renamed as the
 * step's own statements say (a drop and an add that look alike are still a drop and an add).
 */
export function removals(changes: Difference[], renamed: Map<string, string>): Removal[] {
  return changes
    .filter((change) => change.kind === 'missing' && (change.object === 'table' || change.object === 'column'))
    .map((change) => {
      const column = change.object === 'column' ? change.name! : null;
      const key = column === null ? change.table : `${change.table}.${column}`;
      return { table: change.table, column, renamedTo: renamed.get(key) ?? null };
    });
}

/** Drops, narrowing changes and truncations of what existed before the step. */
function destructiveFindings(
  changes: Difference[],
  removed: Removal[],
  probe: StepProbe,
  step: Step,
  at: Locate,
): Finding[] {
  const found: { table: string; column: string | null; what: string }[] = [];
  for (const removal of removed.filter((removal) => removal.renamedTo === null))
    found.push(
      removal.column
        ? {
            table: removal.table,
            column: removal.column,
            what: `drops column ${removal.table}.${removal.column} and its values`,
          }
        : { table: removal.table, column: null, what: `drops table ${removal.table} and its rows` },
    );
  for (const change of changes.filter(
    (change) => change.kind === 'changed' && change.object === 'column' && change.attribute === 'type',
  )) {
    const why = narrowing(String(change.expected), String(change.actual));
    if (why)
      found.push({
        table: change.table,
        column: change.name,
        what: `changes ${change.table}.${change.name} from ${String(change.expected)} to ${String(change.actual)}: it ${why.startsWith(String(change.expected)) ? `converts (${why})` : why}, so values may be cut or refused`,
      });
  }
  for (const table of new Set(probe.truncated))
    found.push({ table, column: null, what: `empties table ${table} (TRUNCATE)` });
  return found.map(({ table, column, what }) =>
    onUp(step, {
      kind: 'destructive',
      severity: 'warning',
      message: `${step.name} ${what}`,
      line: at(column ? [column, table] : [table]) ?? step.upLine,
      table,
      column,
    }),
  );
}

/**
 * Whether a table or column a step destroys was created by a step the pull request adds: it never held
 * production's data, so dropping, narrowing or emptying it destroys nothing there.
 */
function createdByAdded(evidence: SafetyEvidence, step: number, table: string, column: string | null): boolean {
  if (!evidence.added) return false;
  const { snapshots } = evidence;
  for (let i = step - 1; i >= 0; i--)
    if (!holds(snapshots[i]!, table, column) && holds(snapshots[i + 1]!, table, column)) return evidence.added.has(i);
  return false;
}

/** Whether `schema` has the table, and the column when one is named. */
function holds(schema: Schema, table: string, column: string | null): boolean {
  const found = schema.tables[table];
  return found !== undefined && (column === null || found.columns.some((item) => item.name === column));
}

/** What a new step drops or renames that the base commit's model maps, and the chain does not bring back. */
function breakingFindings(removed: Removal[], evidence: SafetyEvidence, step: Step, at: Locate): Finding[] {
  const model = evidence.baseModel;
  if (!model) return [];
  const end = evidence.snapshots.at(-1)!;
  const remains = (table: string, column: string | null) =>
    holds(end, table, column) || (evidence.headModel !== null && holds(evidence.headModel, table, column));
  return removed
    .filter(({ table, column }) => holds(model.schema, table, column) && !remains(table, column))
    .map(({ table, column, renamedTo }) => {
      const name = column ? `${table}.${column}` : `table ${table}`;
      const where = model.where[column === null ? table : `${table}.${column}`];
      const how = renamedTo ? `renames ${name} to ${renamedTo}` : `drops ${name}`;
      return onUp(step, {
        kind: 'breaking-change',
        severity: 'error',
        message: `${step.name} ${how}, which the app at the base commit ${model.sha} still uses (${where ?? 'its model'}): while the new version rolls out, the one still running queries it and fails — first release the app without it, then ${renamedTo ? 'rename' : 'drop'} it in a later release`,
        line: at(column ? [column, table] : [table]) ?? step.upLine,
        table,
        column,
      });
    });
}

/** One notice per step for what the probe ran but could not measure, or where it had to stop. */
function unmeasuredFindings(probe: StepProbe, step: Step): Finding[] {
  const reasons = [...new Set(probe.unmeasured.map((item) => item.why))];
  const parts = [
    ...(reasons.length > 0 ? [`${probe.unmeasured.length} statement(s) not measured: ${reasons.join('; ')}`] : []),
    ...(probe.stopped
      ? [
          `the probe stopped at \`${oneLine(probe.stopped.sql, 80)}\`, which the copy of the schema refused (${probe.stopped.message}): the statements after it were not measured`,
        ]
      : []),
  ];
  if (parts.length === 0) return [];
  return [
    onUp(step, {
      kind: 'not-probed',
      severity: 'notice',
      message: `${step.name}: ${parts.join('; ')}`,
      line: step.upLine,
      table: null,
      column: null,
    }),
  ];
}

/**
 * The line of a step's up that names one of `names` (`'fullname'`, `` `users` ``, or bare in SQL),
 * from the up's own line on; null when none does.
 */
function locator(step: Step, text: string): Locate {
  const lines = text.split('\n');
  const from = (step.upLine ?? 1) - 1;
  const until =
    step.downLine !== null && step.downLine > (step.upLine ?? 0) && step.downFile === null
      ? step.downLine - 1
      : lines.length;
  return (names) => {
    for (const name of names) {
      const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      // a statement's text as the file has it, else a name quoted or as a word
      // quoted as code names it before a bare word, which a log line or comment may hold as well
      const patterns = /\s/.test(name)
        ? [new RegExp(escaped.replace(/ /g, '\\s+'), 'i')]
        : [new RegExp(`['"\`]${escaped}['"\`]`), new RegExp(`\\b${escaped}\\b`)];
      for (const pattern of patterns) for (let i = from; i < until; i++) if (pattern.test(lines[i]!)) return i + 1;
    }
    return null;
  };
}
