import path from 'node:path';
import type { Collision } from '../chain/duplicates.js';
import type { LoadFailure, Step } from '../chain/types.js';
import type { Direction } from '../errors.js';
import { locateMember } from '../model/locate.js';
import type { AppliedModel, TableSource } from '../model/types.js';
import type { LateFailure } from '../project/protocol.js';
import type { ReplayResult, StepProblem } from '../replay/types.js';
import { isCosmetic, type Difference } from '../schema/diff.js';
import type { Schema, Table } from '../schema/types.js';
import {
  describeChanges,
  describeDifference,
  MODEL_SIDES,
  oneLine,
  sameObjectChanged,
  subject,
  type Sides,
} from './describe.js';
import {
  DEFAULT_DRIFT_SEVERITY,
  unplaced,
  type DriftAspect,
  type Finding,
  type FindingKind,
  type Severity,
} from './types.js';

export interface Strictness {
  strictNames: boolean;
  strictColumnOrder: boolean;
}

/**
 * What the project's code did after a step had returned (a timer that threw or exited, a promise it did
 * not await that rejected): a migration-error on the migration whose code it was, by the stack, else on
 * the one that ran last.
 */
export function lateFindings(late: LateFailure[], entries: (Step | LoadFailure)[]): Finding[] {
  // the same code firing again in a later pass is the same defect
  const once = late.filter(
    (failure, i) =>
      late.findIndex(
        (other) =>
          other.message === failure.message &&
          other.origin?.file === failure.origin?.file &&
          other.origin?.line === failure.origin?.line,
      ) === i,
  );
  return once.map((failure) => {
    const byFile = (file: string | undefined) => entries.find((entry) => entry.file === file);
    const entry = byFile(failure.origin?.file) ?? byFile(failure.during?.file);
    const direction = failure.during && entry?.file === failure.during.file ? failure.during.direction : null;
    return {
      kind: 'migration-error',
      severity: 'error',
      message: `${entry?.name ?? "the project's code"}${direction ? ` ${direction}` : ''}: ${failure.message} (after the step had returned: from a timer or a promise it did not await)`,
      file: failure.origin?.file ?? entry?.file ?? null,
      line: failure.origin?.line ?? null,
      table: null,
      column: null,
      migration: entry?.name ?? null,
      direction,
      differences: [],
    };
  });
}

const FULL_READ_SIDES: Sides = { expected: 'full read', actual: 'incremental snapshot' };
const RESTORE_SIDES: Sides = { expected: 'schema before the step', actual: 'schema after its down' };
const REUP_SIDES: Sides = { expected: 'first up', actual: 're-up' };

/**
 * Findings from the replay: each problem becomes one finding on its migration, except that a mismatch's
 * cosmetic differences (names, column order) become name-only / column-order findings of their own.
 */
export function replayFindings(
  problems: StepProblem[],
  entries: (Step | LoadFailure)[],
  strictness: Strictness,
): Finding[] {
  return problems.flatMap((problem): Finding[] => {
    const entry = entries[problem.step]!;
    const step = entry as Step;
    const base = { migration: entry.name, table: null, column: null, differences: [] };
    switch (problem.kind) {
      case 'not-loaded':
        return [
          {
            ...base,
            kind: 'load-error',
            severity: 'error',
            message: `cannot load migration ${entry.name}: ${problem.failure.message}`,
            file: entry.file,
            line: problem.failure.line,
            direction: null,
          },
        ];
      case 'failed':
      case 'timeout':
        return [
          {
            ...base,
            kind: 'migration-error',
            severity: 'error',
            message: `${entry.name} ${problem.direction} ${problem.kind === 'timeout' ? 'timed out' : 'failed'}: ${problem.failure.message}`,
            file: problem.failure.file,
            line: problem.failure.line,
            direction: problem.direction,
            statements: problem.statements,
          },
        ];
      case 'swallowed':
        return [
          {
            ...base,
            kind: 'swallowed-error',
            severity: 'warning',
            message: `${entry.name} ${problem.direction}: the server refused \`${oneLine(problem.statement.sql, 120)}\` (${problem.statement.error}), and the migration went on`,
            file: step.file,
            line: problem.direction === 'down' ? step.downLine : step.upLine,
            direction: problem.direction,
            statements: [problem.statement],
          },
        ];
      case 'irreversible':
        return [
          {
            ...base,
            kind: 'irreversible',
            severity: 'error',
            message: `${entry.name} has no down: it cannot be reverted`,
            file: step.file,
            line: step.upLine,
            direction: 'down',
          },
        ];
      case 'mismatch':
        return mismatchFindings(problem.direction, problem.differences, step, strictness).map((finding) => ({
          ...finding,
          statements: problem.statements,
        }));
      case 'unchecked':
        return [
          {
            ...base,
            kind: 'unchecked',
            severity: 'warning',
            message:
              problem.direction === 'down'
                ? `the downs of ${entry.name} and older migrations were not checked: ${problem.reason}`
                : `the re-up pass was not run: ${problem.reason}`,
            file: step.file,
            line: problem.direction === 'down' ? step.downLine : step.upLine,
            direction: problem.direction,
          },
        ];
    }
  });
}

function mismatchFindings(
  direction: 'down' | 're-up',
  differences: Difference[],
  step: Step,
  strictness: Strictness,
): Finding[] {
  const sides = direction === 'down' ? RESTORE_SIDES : REUP_SIDES;
  const file = direction === 'down' ? (step.downFile ?? step.file) : step.file;
  const line = direction === 'down' ? step.downLine : step.upLine;
  const { substantive, cosmetic } = splitCosmetic(differences);
  const findings: Finding[] = [];
  if (substantive.length > 0) {
    const what =
      direction === 'down'
        ? `down of ${step.name} does not restore the schema`
        : `re-running ${step.name} after its down gives another schema`;
    findings.push({
      kind: direction === 'down' ? 'down-mismatch' : 'reup-mismatch',
      severity: 'error',
      message: `${what}: ${substantive.map((difference) => describeDifference(difference, sides)).join('; ')}`,
      file,
      line,
      table: substantive[0]!.table,
      column: substantive[0]!.object === 'column' ? substantive[0]!.name : null,
      migration: step.name,
      direction,
      differences: substantive,
      sides,
    });
  }
  for (const difference of cosmetic)
    findings.push({
      ...cosmeticFinding(difference, sides, strictness),
      file,
      line,
      migration: step.name,
      direction,
      message: `${direction} of ${step.name}: ${describeDifference(difference, sides)}`,
    });
  return findings;
}

/** Where each table came from in the migrations, to say which migration caused a drift. */
export interface Attribution {
  snapshots: Schema[];
  steps: Step[];
}

/**
 * Drift findings: one per defect between the model (expected) and the migrated schema (actual),
 * annotated on the model's line for that table or attribute, and naming the migration that last
 * touched the object when the snapshots tell.
 */
export function driftFindings(
  differences: Difference[],
  model: Pick<AppliedModel, 'sources'>,
  attribution: Attribution,
  strictness: Strictness,
  sides: Sides = MODEL_SIDES,
): Finding[] {
  return groupDependents(differences).map((group) => {
    const [difference, ...dependents] = group as [Difference, ...Difference[]];
    const source = model.sources[difference.table];
    const cause = causeOf(difference, attribution);
    const location = source
      ? { file: source.file, line: lineIn(source, difference, attribution.snapshots.at(-1)) }
      : cause
        ? { file: cause.file, line: cause.upLine }
        : { file: null, line: null };
    const verb = difference.kind === 'missing' ? 'removed' : difference.kind === 'extra' ? 'added' : 'last changed';
    const blame = cause ? ` (${verb} by ${cause.name})` : '';
    const attributes = dependents.every((other) => sameObjectChanged(difference, other));
    const what = attributes
      ? describeChanges(group, sides)
      : `${describeDifference(difference, sides)}, and with it ${dependents.map(subject).join(', ')}`;
    const common = {
      message: `${what}${blame}`,
      ...location,
      table: difference.table,
      column: difference.object === 'column' ? difference.name : null,
      migration: cause?.name ?? null,
      direction: null as Direction | null,
      differences: group,
      sides,
    };
    if (isCosmetic(difference)) return { ...cosmeticFinding(difference, sides, strictness), ...common };
    // attributes of one object that differ in more than one way are about the object, not one attribute:
    // an index whose UNIQUE and columns both changed is no `unique` drift a team could silence alone
    const aspects = new Set(group.map(aspectOf));
    const aspect =
      attributes && aspects.size > 1 ? (OBJECT_ASPECTS[difference.object] as DriftAspect) : aspectOf(difference);
    return { kind: 'drift' as const, severity: DEFAULT_DRIFT_SEVERITY[aspect] ?? 'error', aspect, ...common };
  });
}

/** What a drift difference is about, for severities by aspect. */
export function aspectOf(difference: Difference): DriftAspect {
  const thing = OBJECT_ASPECTS[difference.object];
  if (difference.kind === 'missing' || difference.kind === 'extra')
    return `${thing}-only-in-${difference.kind === 'missing' ? 'model' : 'migrations'}` as DriftAspect;
  const attribute = difference.attribute ?? '';
  if (difference.object === 'column') return COLUMN_ASPECTS[attribute] ?? 'column-only-in-model';
  if (difference.object === 'table') return attribute === 'comment' ? 'comment' : 'table';
  if (difference.object === 'index' && attribute === 'unique') return 'unique';
  return thing as DriftAspect;
}

const OBJECT_ASPECTS = {
  table: 'table',
  column: 'column',
  primaryKey: 'primary-key',
  index: 'index',
  foreignKey: 'foreign-key',
  check: 'check',
} as const;

const COLUMN_ASPECTS: Record<string, DriftAspect> = {
  type: 'type',
  nullable: 'nullable',
  default: 'default',
  comment: 'comment',
  charset: 'charset',
  collation: 'charset',
  autoIncrement: 'auto-increment',
  onUpdate: 'on-update',
  generated: 'generated',
};

/**
 * One defect, one finding: an index or foreign key that is missing (or extra) only because one of its
 * columns is missing (or extra) is reported with that column; the index that serves a missing (or extra)
 * foreign key with that key; attributes of one index or key that differ together, together.
 */
export function groupDependents(differences: Difference[]): Difference[][] {
  const groups: Difference[][] = [];
  const taken = new Set<Difference>();
  const group = (head: Difference, belongs: (other: Difference) => boolean) => {
    const dependents = differences.filter((other) => other !== head && !taken.has(other) && belongs(other));
    [head, ...dependents].forEach((item) => taken.add(item));
    groups.push([head, ...dependents]);
  };
  const gone = (difference: Difference) => difference.kind === 'missing' || difference.kind === 'extra';
  const alike = (a: Difference, b: Difference) => a.kind === b.kind && a.table === b.table;
  for (const column of differences.filter((d) => d.object === 'column' && gone(d)))
    group(column, (other) => alike(other, column) && columnsOf(other).includes(column.name!));
  for (const key of differences.filter((d) => d.object === 'foreignKey' && gone(d) && !taken.has(d)))
    group(
      key,
      (other) =>
        alike(other, key) && other.object === 'index' && columnsOf(other).join('\0') === columnsOf(key).join('\0'),
    );
  for (const changed of differences.filter((d) => !taken.has(d) && d.kind === 'changed'))
    if (!taken.has(changed)) group(changed, (other) => sameObjectChanged(changed, other));
  return [...groups, ...differences.filter((difference) => !taken.has(difference)).map((difference) => [difference])];
}

/** The columns of the migrated index or key a `changed` difference names. */
function coveredColumns(difference: Difference, migrated: Schema | undefined): string[] {
  const table = migrated?.tables[difference.table];
  if (difference.object === 'index')
    return table?.indexes.find((index) => index.name === difference.name)?.parts.map((part) => part.column ?? '') ?? [];
  if (difference.object === 'foreignKey')
    return table?.foreignKeys.find((key) => key.name === difference.name)?.columns ?? [];
  return [];
}

function columnsOf(difference: Difference): string[] {
  const item = (difference.expected ?? difference.actual) as {
    parts?: { column: string | null }[];
    columns?: string[];
  };
  if (difference.object === 'index') return (item.parts ?? []).map((part) => part.column ?? '');
  if (difference.object === 'foreignKey') return item.columns ?? [];
  return [];
}

/** Migrations that collide by name or by ordering prefix: one finding on the later file. */
export function collisionFindings(collisions: Collision[]): Finding[] {
  return collisions.map((collision) => ({
    kind: 'duplicate',
    severity: collision.kind === 'merge' ? 'warning' : 'error',
    message: collisionMessage(collision),
    file: collision.file,
    line: null,
    table: null,
    column: null,
    migration: 'name' in collision ? collision.name : path.basename(collision.file),
    direction: null,
    differences: [],
  }));
}

function collisionMessage(collision: Collision): string {
  switch (collision.kind) {
    case 'same-name':
      return `${path.basename(collision.file)} has the same name as ${collision.other}: umzug records only the name, so one of them never runs where the other ran`;
    case 'same-prefix':
      return `${path.basename(collision.file)} has the same ordering prefix ${collision.prefix} as ${path.basename(collision.other)}: two branches each added "the next" migration; renumber one`;
    case 'two-heads':
      return `${collision.name} and ${collision.other} are both heads: two branches each added "the next" revision, and \`alembic upgrade head\` refuses until they are joined; point ${collision.name}'s down_revision at ${collision.other}, or add a merge revision (\`alembic merge heads\`)`;
    case 'merge':
      return `${collision.name} merges ${collision.other}: databases ran the branches' revisions in different orders, the replay in one of them; check that neither branch depends on the other`;
  }
}

/**
 * Columns whose default is the time their migration ran (`defaultValue: new Date()`): one warning each,
 * on the migration that set it, instead of a mismatch in every pass.
 */
export function frozenDefaultFindings(
  frozen: { table: string; column: string; step: number }[],
  entries: (Step | LoadFailure)[],
): Finding[] {
  return frozen.map(({ table, column, step }) => {
    const entry = entries[step] as Step;
    return {
      kind: 'frozen-default',
      severity: 'warning',
      message: `the default of ${table}.${column} is the time ${entry.name} ran: a value computed in the migration (defaultValue: new Date()) is frozen there, so every database gets another fixed default; use Sequelize.fn('NOW') or Sequelize.literal('CURRENT_TIMESTAMP')`,
      file: entry.file,
      line: entry.upLine,
      table,
      column,
      migration: entry.name,
      direction: 'up',
      differences: [],
    };
  });
}

/**
 * The incremental snapshots missed a change that a full read saw: the replay ran again on full reads, so
 * the verdict stands, but the gate has a blind spot worth a report.
 */
export function fallbackFinding(suspect: NonNullable<ReplayResult['suspect']>): Finding {
  const what = suspect.differences.map((difference) => describeDifference(difference, FULL_READ_SIDES)).join('; ');
  return {
    kind: 'snapshot-fallback',
    severity: 'warning',
    message: `the schema read step by step differed from a full read after the ${suspect.pass} pass (${what}); the chain was replayed reading the whole schema after every step`,
    ...unplaced(),
  };
}

/** A model file that could not be loaded, or a model table the server refused to create. */
export function modelFindings(model: AppliedModel): Finding[] {
  return model.failures.map((failure) => ({
    kind: 'model-error',
    severity: 'error',
    message: failure.table
      ? `model table ${failure.table} cannot be created: ${failure.message}`
      : `cannot load model ${failure.file}: ${failure.message}`,
    file: failure.file,
    line: failure.line,
    table: failure.table,
    column: null,
    migration: null,
    direction: null,
    differences: [],
  }));
}

/** Differences that matter, and those of names, column order and equivalent forms only. */
export function splitCosmetic(differences: Difference[]) {
  return { substantive: differences.filter((d) => !isCosmetic(d)), cosmetic: differences.filter(isCosmetic) };
}

export function cosmeticFinding(difference: Difference, sides: Sides, strictness: Strictness) {
  const kind: FindingKind =
    difference.kind === 'renamed' ? 'name-only' : difference.kind === 'equivalent' ? 'equivalent' : 'column-order';
  const strict = kind === 'name-only' ? strictness.strictNames : strictness.strictColumnOrder;
  const severity: Severity = kind === 'equivalent' ? 'notice' : strict ? 'error' : 'warning';
  return {
    kind,
    severity,
    message: describeDifference(difference, sides),
    table: difference.table,
    column: null,
    differences: [difference],
    sides,
  };
}

/** The model line of the object that differs: by its name, else (keys, indexes) by its first column. */
function lineIn(source: TableSource, difference: Difference, migrated: Schema | undefined): number | null {
  if (difference.object === 'table' || difference.name === null) return source.line;
  const spellings = (name: string) => [source.attributes[name], name].filter((item): item is string => Boolean(item));
  const byName = locateMember(source.text, spellings(difference.name), source.line);
  if (byName !== null || difference.object === 'column') return byName ?? source.line;
  const [column] = columnsOf(difference).concat(coveredColumns(difference, migrated));
  return (column ? locateMember(source.text, spellings(column), source.line) : null) ?? source.line;
}

/** The last migration whose step changed the object the difference is about. */
export function causeOf(difference: Difference, { snapshots, steps }: Attribution): Step | null {
  const look = (schema: Schema) => JSON.stringify(lookup(schema, difference) ?? null);
  for (let k = snapshots.length - 1; k > 0; k--) {
    if (look(snapshots[k]!) !== look(snapshots[k - 1]!)) return steps[k - 1] ?? null;
  }
  return null;
}

function lookup(schema: Schema, difference: Difference): unknown {
  const table = schema.tables[difference.table];
  if (!table) return undefined;
  if (difference.object === 'table')
    return difference.attribute === null ? true : table[difference.attribute as keyof Table];
  const name = difference.name;
  switch (difference.object) {
    case 'column': {
      const column = table.columns.find((item) => item.name === name);
      return name === null ? table.columns.map((item) => item.name) : column && { ...column, position: 0 };
    }
    case 'primaryKey':
      return table.primaryKey;
    case 'index':
      return table.indexes.find((item) => item.name === name || item.name === difference.actual);
    case 'foreignKey':
      return table.foreignKeys.find((item) => item.name === name || item.name === difference.actual);
    case 'check':
      return table.checks.find((item) => item.name === name || item.name === difference.actual);
  }
}
