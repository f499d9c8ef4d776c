import type { CheckResult, EngineResult, EngineRun } from '../result.js';
import { describeFlavor } from '../schema/flavor.js';
import { byImportance, type Finding } from './types.js';

/**
 * One result from the checks of the same chain on several engines: each finding once, with the images
 * of the engines it occurred on; the gaps of each (a gap on one engine is still a gap); fail when any
 * engine fails. The rest of the result (steps, schema, history, probe) is the first engine's, and
 * `engines` keeps each one's own.
 */
export function mergeEngines(runs: { image: string; result: CheckResult }[], totalMs: number): CheckResult {
  const first = runs[0]!.result;
  const labels = labelsOf(runs);
  const engines: EngineRun[] = runs.map(({ image, result }, i) => ({
    image,
    label: labels[i]!,
    verdict: result.verdict,
    errors: result.findings.filter((finding) => finding.severity === 'error').length,
    warnings: result.findings.filter((finding) => finding.severity === 'warning').length,
    result: partOf(result),
  }));
  const findings = new Map<string, Finding>();
  for (const { image, result } of runs)
    for (const finding of result.findings) {
      const key = identity(finding);
      const seen = findings.get(key);
      if (seen) seen.engines!.push(image);
      else findings.set(key, { ...finding, engines: [image] });
    }
  const all = runs.map((run) => run.image);
  const tagged = (texts: (result: CheckResult) => string[]) => {
    const where = new Map<string, string[]>();
    for (const { image, result } of runs)
      for (const text of texts(result)) where.set(text, [...(where.get(text) ?? []), image]);
    return [...where].map(([text, images]) =>
      images.length === all.length ? text : `${text} (${onlyOn(images, engines)})`,
    );
  };
  const slowest = (pick: (timings: CheckResult['timings']) => number) =>
    Math.max(...runs.map(({ result }) => pick(result.timings)));
  return {
    ...first,
    verdict: runs.some(({ result }) => result.verdict === 'fail') ? 'fail' : 'pass',
    server: { flavor: first.server.flavor, origin: all.join(', ') },
    findings: [...findings.values()].sort(byImportance),
    coverage: { ...first.coverage, gaps: tagged((result) => result.coverage.gaps) },
    notes: tagged((result) => result.notes),
    timings: {
      serverMs: slowest((timings) => timings.serverMs),
      replayMs: slowest((timings) => timings.replayMs),
      upgradeMs: slowest((timings) => timings.upgradeMs),
      probeMs: slowest((timings) => timings.probeMs),
      modelMs: slowest((timings) => timings.modelMs),
      totalMs,
    },
    engines,
  };
}

/** An engine's own part of its result: what the merged result does not say for every engine. */
function partOf(result: CheckResult): EngineResult {
  const { server, steps, coverage, notes, timings, snapshots, probe, history } = result;
  return { server, steps, coverage, notes, timings, snapshots, probe, history };
}

/**
 * Findings are the same when they say the same about the same place; a server's own wording (an error
 * message) that differs makes them two, each shown with its engines.
 */
function identity(finding: Finding): string {
  const { kind, severity, message, file, line, migration, direction } = finding;
  return JSON.stringify([kind, severity, message, file, line, migration, direction]);
}

/** "MariaDB 11.8.3"; the image where two engines would read alike (two tags of one version). */
function labelsOf(runs: { image: string; result: CheckResult }[]): string[] {
  const named = runs.map(({ result }) => describeFlavor(result.server.flavor));
  return named.map((label, i) => (named.indexOf(label) === named.lastIndexOf(label) ? label : runs[i]!.image));
}

/** "only on MariaDB 11.8.3" (or on several) for what occurred on some of the engines. */
export function onlyOn(images: string[], engines: EngineRun[]): string {
  const labels = engines.filter((engine) => images.includes(engine.image)).map((engine) => engine.label);
  return `only on ${labels.join(' and ')}`;
}
