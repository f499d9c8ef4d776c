import type { Direction } from '../errors.js';
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
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

export type Severity = 'error' | 'warning' | 'notice';

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
  /** The reason of the config file's ignore rule that accepted this finding. */
  ignored?: string;
  /** In the baseline: a known finding, reported as a notice. */
  known?: boolean;
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
