import path from 'node:path';
import type { CheckResult } from '../result.js';
import type { HistoryChange } from '../history/changes.js';
import { seconds } from './format.js';

/**
 * The history, upgrade-path and data checks in a few plain lines, shared by the text report and the job
 * summary: what changed since the base, how the upgrade path went, what became of the seeded rows.
 */
export function historyLines(result: CheckResult): string[] {
  const lines: string[] = [];
  if (result.baseline) {
    const { label, known, fixed } = result.baseline;
    lines.push(
      `Baseline ${label}: ${known} known finding(s) reported as notices, ${fixed.length} fixed${fixed.length > 0 ? ` (${fixed.map((entry) => `${entry.kind} ${[entry.table, entry.object].filter(Boolean).join('.')}`).join(', ')})` : ''}.`,
    );
  }
  const report = result.history;
  if (!report) return lines;
  if (report.base && report.history) {
    const { changes, added, released } = report.history;
    const changed = changes.length > 0 ? changes.map(describeChange).join('; ') : 'no released migration changed';
    lines.push(
      `Since ${baseLabel(report.base)}: ${released.length} released migration(s), ${added.length} new; ${changed}.`,
    );
  }
  if (report.upgrade) {
    const upgraded = result.findings.some((finding) => finding.kind === 'upgrade-mismatch');
    const verdict = report.upgrade.failed
      ? 'a step failed'
      : upgraded
        ? 'differs from a fresh database'
        : 'matches a fresh database';
    lines.push(
      `Upgrade path: the base's ${report.upgrade.released} migration(s), then ${report.upgrade.added} new, in ${seconds(report.upgrade.ms)}: ${verdict}.`,
    );
  }
  if (report.data) {
    const seed = path.relative(result.cwd, report.data.seed);
    const where = report.data.after ? `after ${report.data.after}` : 'before the first migration';
    const tables = report.data.tables
      .map(({ table, seeded, final }) => `${table} ${seeded} → ${final === null ? 'dropped' : final}`)
      .join(', ');
    const lost = report.data.losses.length;
    const verdict =
      report.data.steps === 0
        ? 'no migration runs after it, so nothing was checked'
        : lost === 0
          ? `every seeded row and value survived ${report.data.steps} migration(s)`
          : `${lost} loss(es) in ${report.data.steps} migration(s)`;
    lines.push(`Seed ${seed} ${where}: rows ${tables}; ${verdict}.`);
  }
  return lines;
}

function describeChange(change: HistoryChange): string {
  switch (change.kind) {
    case 'edited':
      return `${change.name} edited (+${change.added} −${change.removed}${change.whitespaceOnly ? ', whitespace only' : ''})`;
    case 'deleted':
      return `${change.name} deleted`;
    case 'renamed':
      return `${change.from} renamed to ${change.name}`;
    case 'back-dated':
      return `${change.name} sorts before released ${change.newest}`;
  }
}

/** `main (1a2b3c4)`, or the short sha alone when the ref is the sha itself (as event payloads give it). */
function baseLabel(base: { ref: string; sha: string }): string {
  const short = base.sha.slice(0, 7);
  const isSha = /^[0-9a-f]{7,40}$/i.test(base.ref) && base.sha.startsWith(base.ref.toLowerCase());
  return isSha ? short : `${base.ref} (${short})`;
}
