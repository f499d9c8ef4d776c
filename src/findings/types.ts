import type { Direction } from '../errors.js';
import type { Algorithm } from '../probe/statement.js';
import type { StepStatement } from '../replay/types.js';
import type { Difference } from '../schema/diff.js';

export const FINDING_KINDS = [
  'load-error',
  'duplicate',
  'migration-error',
  'irreversible',
  'down-mismatch',
  'reup-mismatch',
  'drift',
  'model-error',
  'name-only',
  'column-order',
  'unchecked',
  'edited-migration',
  'deleted-migration',
  'renamed-migration',
  'out-of-order',
  'upgrade-error',
  'upgrade-mismatch',
  'data-loss',
  'frozen-default',
  'equivalent',
  'swallowed-error',
  'snapshot-fallback',
  'live-drift',
  'half-applied',
  'live-position',
  'missing-migration',
  'table-copy',
  'write-lock',
  'rebuild',
  'destructive',
  'breaking-change',
  'not-probed',
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

export type Severity = 'error' | 'warning' | 'notice';

/**
 * What a drift is about, so that a team can set a severity for one aspect (`"drift:comment": "off"`)
 * without silencing a missing column. `-only-in-…` says which side has the object.
 */
export const DRIFT_ASPECTS = [
  'table-only-in-model',
  'table-only-in-migrations',
  'table',
  'column-only-in-model',
  'column-only-in-migrations',
  'type',
  'nullable',
  'default',
  'comment',
  'charset',
  'auto-increment',
  'on-update',
  'generated',
  'primary-key',
  'index-only-in-model',
  'index-only-in-migrations',
  'index',
  'unique',
  'foreign-key-only-in-model',
  'foreign-key-only-in-migrations',
  'foreign-key',
  'check-only-in-model',
  'check-only-in-migrations',
  'check',
] as const;

export type DriftAspect = (typeof DRIFT_ASPECTS)[number];

/** What the config file's `severity` sets: a kind (`drift`), or one aspect of drift (`drift:comment`). */
export type SeverityKey = FindingKind | `drift:${DriftAspect}`;

export const SEVERITY_KEYS: readonly SeverityKey[] = [
  ...FINDING_KINDS,
  ...DRIFT_ASPECTS.map((aspect) => `drift:${aspect}` as const),
];

/** A team's severity for a kind of finding: `off` drops it. */
export type KindSeverity = 'error' | 'warning' | 'off';

/** The config file's `severity`. */
export type Severities = Partial<Record<SeverityKey, KindSeverity>>;

/** An accepted difference: findings it matches are reported as notices, with the reason, and do not fail. */
export interface IgnoreRule {
  /** Table name; `*` matches any run of characters. */
  table: string;
  column?: string;
  index?: string;
  /** The attribute that differs, e.g. `type`, `default`, `nullable`, `name`. */
  attribute?: string;
  kind?: FindingKind;
  reason: string;
}

/** A migration marked irreversible on purpose. */
export interface Waiver {
  migration: string;
  reason: string;
}

/** Severities of drift aspects unless the config file says otherwise: teams document columns in the model only. */
export const DEFAULT_DRIFT_SEVERITY: Partial<Record<DriftAspect, Severity>> = { comment: 'warning' };

/** What the two sides of a comparison are called: `model` / `migrations`, `fresh database` / `upgraded database`. */
export interface Sides {
  expected: string;
  actual: string;
}

/** One thing the gate found, with where to look. Renderers only read findings. */
export interface Finding {
  kind: FindingKind;
  severity: Severity;
  /** One line, readable on its own. */
  message: string;
  /** Absolute path of the file at fault: the migration, or for drift the model. */
  file: string | null;
  line: number | null;
  table: string | null;
  column: string | null;
  /** The migration concerned, also for drift when a migration is known to have caused it. */
  migration: string | null;
  direction: Direction | null;
  /** The differences behind a mismatch or drift finding. */
  differences: Difference[];
  /** What the expected and actual sides of its differences are, for renderers to label them. */
  sides?: Sides;
  /** For drift: what it is about (`"severity": { "drift:<aspect>": … }`). */
  aspect?: DriftAspect;
  /** What usually causes this kind of finding, the fix, and how to accept it. */
  hint?: string;
  /** For a finding on a step: the statements the step sent, in order, with the errors the server returned. */
  statements?: StepStatement[];
  /** For table-copy, write-lock and rebuild: what the server chose for the statement, and its reason. */
  probe?: {
    statement: string;
    algorithm: Algorithm;
    online: boolean;
    rebuild: boolean;
    reason: string | null;
    server: string;
  };
  /** The reason of the config file's ignore rule that accepted this finding. */
  ignored?: string;
  /** In the baseline: a known finding, reported as a notice. */
  known?: boolean;
  /** In a check on several engines: the images of those it occurred on. */
  engines?: string[];
}

/** The fields of a finding that is about the whole run: no file, table, migration or difference. */
export function unplaced(): Pick<
  Finding,
  'file' | 'line' | 'table' | 'column' | 'migration' | 'direction' | 'differences'
> {
  return { file: null, line: null, table: null, column: null, migration: null, direction: null, differences: [] };
}

/** Orders findings most important first: errors, then warnings, then by file and line. */
export function byImportance(a: Finding, b: Finding): number {
  const rank = { error: 0, warning: 1, notice: 2 } as const;
  return (
    rank[a.severity] - rank[b.severity] ||
    (a.file ?? '').localeCompare(b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    a.message.localeCompare(b.message)
  );
}
