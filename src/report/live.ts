import type { CheckResult } from '../result.js';
import { describeFlavor } from '../schema/flavor.js';
import { seconds } from './format.js';

/**
 * A live run in a few plain lines, shared by the text report and the job summary: the database, where
 * its schema stands, what is pending, and how the pending migrations went on a copy of it.
 */
export function liveLines(result: CheckResult): string[] {
  const report = result.live;
  if (!report) return [];
  const newest = report.newest ? `, the newest ${report.newest}` : '';
  const lines = [
    `Live database ${report.database} (${describeFlavor(report.server)}): ${report.tables} table(s), ${report.recorded} migration(s) recorded${newest}; read in ${report.reads.roundTrips} round trip(s), ${seconds(report.reads.ms)}.`,
  ];
  const state = report.state;
  if (state) {
    const at = state.at ? `after ${state.at}` : 'before the first migration';
    const part = state.halfApplied ? `, and part of ${state.halfApplied} (half-applied)` : '';
    const where = state.asRecorded ? '' : ', not where its meta table says it is';
    const drift = state.drift > 0 ? `, with ${state.drift} difference(s) no migration explains (live-drift)` : '';
    lines.push(`Schema: what the chain gives ${at}${part}${where}${drift}.`);
  }
  if (report.missing.length > 0) lines.push(`Recorded, no file: ${report.missing.join(', ')}.`);
  lines.push(
    report.pending.length > 0
      ? `Pending: ${report.pending.length} migration(s): ${report.pending.join(', ')}.`
      : 'Pending: none.',
  );
  const deploy = report.deploy;
  const outcome = deploy.failed
    ? `${deploy.failed} would fail`
    : !deploy.ran
      ? 'not run: one cannot be loaded'
      : deploy.steps > 0
        ? 'they run'
        : 'nothing to run';
  lines.push(`Deploy: the pending migration(s) on a copy of the live schema, in ${seconds(deploy.ms)}: ${outcome}.`);
  return lines;
}
