import type { Finding, FindingKind } from './types.js';

export const BASELINE_FORMAT = 'migration-gate/baseline@1';
export const DEFAULT_BASELINE = '.migration-gate/baseline.json';

/**
 * What identifies a finding across runs: its kind, table, object and migration, never its file, line or
 * wording, so that moving lines, reformatting or rewording does not make a known finding new.
 */
export interface Fingerprint {
  kind: FindingKind;
  table: string | null;
  /** The column, index, key or check the finding is about. */
  object: string | null;
  migration: string | null;
}

/** A baseline entry: the fingerprint, and the message when it was recorded, for people reading the file. */
export interface BaselineEntry extends Fingerprint {
  message: string;
}

export function fingerprint(finding: Finding): Fingerprint {
  const first = finding.differences[0];
  return {
    kind: finding.kind,
    table: finding.table ?? first?.table ?? null,
    object: finding.column ?? first?.name ?? null,
    migration: finding.migration,
  };
}

const key = (print: Fingerprint) => JSON.stringify([print.kind, print.table, print.object, print.migration]);

/** The baseline of a run: one entry per error or warning finding, sorted, ready to write. */
export function baselineOf(findings: Finding[]): { format: string; findings: BaselineEntry[] } {
  const entries = findings
    .filter((finding) => finding.severity !== 'notice')
    .map((finding) => ({ ...fingerprint(finding), message: finding.message }))
    .sort((a, b) => key(a).localeCompare(key(b)));
  return { format: BASELINE_FORMAT, findings: entries };
}

/**
 * Findings the baseline knows become notices marked `known`; the others stay as they are, and fail the
 * gate as before. Entries no finding matched any more are returned as fixed. A fingerprint that occurs
 * twice in the baseline covers two findings.
 */
export function applyBaseline(
  findings: Finding[],
  baseline: BaselineEntry[],
  label = 'the baseline',
): { findings: Finding[]; fixed: BaselineEntry[] } {
  const remaining = new Map<string, BaselineEntry[]>();
  for (const entry of baseline) remaining.set(key(entry), [...(remaining.get(key(entry)) ?? []), entry]);
  const judged = findings.map((finding) => {
    if (finding.severity === 'notice') return finding;
    const entries = remaining.get(key(fingerprint(finding)));
    if (!entries || entries.length === 0) return finding;
    entries.pop();
    return {
      ...finding,
      severity: 'notice' as const,
      known: true,
      message: `${finding.message} (known: in ${label})`,
    };
  });
  return { findings: judged, fixed: [...remaining.values()].flat() };
}
