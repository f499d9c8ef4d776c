import { onlyOn } from '../findings/engines.js';
import type { Finding } from '../findings/types.js';
import type { ProbeReport } from '../probe/stage.js';
import type { CheckResult } from '../result.js';
import { historyLines } from './history.js';

/** Where a finding of a check on several engines did not occur on all of them: "only on …"; null otherwise. */
export function engineTag(finding: Finding, result: CheckResult): string | null {
  if (!result.engines || !finding.engines || finding.engines.length === result.engines.length) return null;
  return onlyOn(finding.engines, result.engines);
}

/**
 * The news of a check on several engines: the engines it works on and those it fails on, when they
 * differ; null when all agree.
 */
export function engineHeadline(result: CheckResult): string | null {
  const engines = result.engines;
  if (!engines) return null;
  const passed = engines.filter((engine) => engine.verdict === 'pass').map((engine) => engine.label);
  const failed = engines.filter((engine) => engine.verdict === 'fail').map((engine) => engine.label);
  if (passed.length === 0 || failed.length === 0) return null;
  return `The chain works on ${passed.join(' and ')} but fails on ${failed.join(' and ')}.`;
}

/** The probe of each engine (each names the server it ran on), or the one check's. */
export function probesOf(result: CheckResult): ProbeReport[] {
  const probes = result.engines ? result.engines.map((engine) => engine.result.probe) : [result.probe];
  return probes.filter((probe) => probe !== null);
}

/** The baseline, history, upgrade-path and data lines; on several engines, each engine's own, named. */
export function historyOfEngines(result: CheckResult): string[] {
  if (!result.engines) return historyLines(result);
  return [
    ...historyLines({ ...result, history: null }),
    ...result.engines.flatMap((engine) =>
      historyLines({ ...result, baseline: null, history: engine.result.history }).map(
        (line) => `${engine.label}: ${line}`,
      ),
    ),
  ];
}
