import type { StepTool } from '../config/types.js';
import { applyBaseline, type BaselineEntry } from './baseline.js';
import { hintFor } from './hints.js';
import { applyIgnoreRules, applySeverities, applyWaivers, WAIVABLE } from './ignore.js';
import { byImportance, type Finding, type IgnoreRule, type Severities, type Waiver } from './types.js';

/** What a project accepts and how it wants findings weighed: its config, and the baseline in force. */
export interface Policy {
  /** Migrations irreversible on purpose (`irreversible`), or whose cost or risk is accepted (`unsafe`). */
  waivers: { irreversible: Waiver[]; unsafe: Waiver[] };
  ignore: IgnoreRule[];
  severities: Severities;
  /** Hides what no report may show (the server password, secrets passed to the project's code). */
  mask: (text: string) => string;
  /** Known findings (the baseline file, or the base commit's own with --new-only). */
  baseline: { label: string; entries: BaselineEntry[] } | null;
  /** What ran the steps: the hints name the fix in its words. */
  runner?: StepTool['kind'];
}

export interface Judgement {
  /** pass: no error finding, and nothing went unchecked. */
  verdict: 'pass' | 'fail';
  /** Most important first, each with its hint. */
  findings: Finding[];
  /** Baseline entries no finding matched any more. */
  fixed: BaselineEntry[];
}

/**
 * How findings are judged, in this order: waivers, then ignore rules (both make notices that say why),
 * then severities, then masking, then the baseline (known findings become notices). A gap fails
 * whatever the findings say: nothing accepts "not checked".
 */
export function judge(findings: Finding[], policy: Policy, gaps: string[]): Judgement {
  const weighed = applySeverities(
    applyIgnoreRules(
      applyWaivers(
        applyWaivers(findings, policy.waivers.irreversible, WAIVABLE.irreversible),
        policy.waivers.unsafe,
        WAIVABLE.unsafe,
      ),
      policy.ignore,
    ),
    policy.severities,
  ).map((finding) => ({
    ...finding,
    message: policy.mask(finding.message),
    ...(finding.probe && { probe: { ...finding.probe, statement: policy.mask(finding.probe.statement) } }),
  }));
  const known = policy.baseline
    ? applyBaseline(weighed, policy.baseline.entries, policy.baseline.label)
    : { findings: weighed, fixed: [] };
  const judged = known.findings
    .sort(byImportance)
    .map((finding) => ({ ...finding, hint: hintFor(finding, policy.runner) }));
  const failed = judged.some((finding) => finding.severity === 'error') || gaps.length > 0;
  return { verdict: failed ? 'fail' : 'pass', findings: judged, fixed: known.fixed };
}
