import { oneLine } from '../findings/describe.js';
import { costKind } from '../findings/safety.js';
import type { ProbeReport } from '../probe/stage.js';
import { seconds } from './format.js';

/** One line on the probe: how many statements, of how many migrations, and what the server chose. */
export function probeSummary(probe: ProbeReport): string {
  const counts = new Map<string, number>();
  for (const statement of probe.statements)
    counts.set(algorithmOf(statement), (counts.get(algorithmOf(statement)) ?? 0) + 1);
  const chosen = [...counts].map(([algorithm, count]) => `${count} ${algorithm}`).join(', ');
  const unmeasured = probe.unmeasured > 0 ? `; ${probe.unmeasured} not measured` : '';
  return `Probed on ${probe.server}: ${probe.statements.length} statement(s) of ${probe.steps} migration(s)${chosen ? ` (${chosen})` : ''}${unmeasured}, ${seconds(probe.ms)}.`;
}

/** What the server chose, as the reader weighs it: `INSTANT`, `INPLACE`, `INPLACE rebuild`, `COPY (writes blocked)`. */
export function algorithmOf(statement: ProbeReport['statements'][number]): string {
  const kind = costKind(statement);
  if (kind === 'table-copy') return statement.online ? 'COPY (online)' : 'COPY (writes blocked)';
  if (kind === 'write-lock') return `${statement.algorithm} (writes blocked)`;
  if (kind === 'rebuild') return `${statement.algorithm} rebuild`;
  return statement.algorithm;
}

/** Each statement probed, for --verbose and the job summary: migration, statement, algorithm, the server's reason. */
export function probeRows(probe: ProbeReport): [string, string, string, string][] {
  return probe.statements.map((statement) => [
    statement.migration,
    oneLine(statement.sql, 90),
    algorithmOf(statement),
    statement.reason ?? '',
  ]);
}
