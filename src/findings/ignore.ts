import { sameMigration } from '../chain/names.js';
import type { Finding, IgnoreRule, Severities, Waiver } from './types.js';

/**
 * The config file's `severity`: a kind set to `warning` no longer fails the gate, `error` always does,
 * `off` is not reported; an aspect of drift (`drift:comment`) before the kind. Accepted (notice) findings
 * stay notices.
 */
export function applySeverities(findings: Finding[], severities: Severities): Finding[] {
  return findings.flatMap((finding) => {
    const severity = (finding.aspect && severities[`drift:${finding.aspect}`]) || severities[finding.kind];
    if (!severity || finding.severity === 'notice') return [finding];
    return severity === 'off' ? [] : [{ ...finding, severity }];
  });
}

/**
 * Accepted differences: a finding that an ignore rule of the config file matches becomes a notice that
 * carries the rule's reason, so reviewers see what was waived and why; it no longer fails the gate.
 */
export function applyIgnoreRules(findings: Finding[], rules: IgnoreRule[]): Finding[] {
  if (rules.length === 0) return findings;
  return findings.map((finding) => {
    const rule = rules.find((candidate) => matches(candidate, finding));
    return rule ? accepted(finding, 'ignored', rule.reason) : finding;
  });
}

function matches(rule: IgnoreRule, finding: Finding): boolean {
  if (rule.kind && rule.kind !== finding.kind) return false;
  if (!finding.table || !glob(rule.table).test(finding.table)) return false;
  const differences = finding.differences;
  if (
    rule.column &&
    finding.column !== rule.column &&
    !differences.some((d) => d.object === 'column' && d.name === rule.column)
  )
    return false;
  if (
    rule.index &&
    !differences.some((d) => d.object === 'index' && (d.name === rule.index || d.actual === rule.index))
  )
    return false;
  if (rule.attribute && !differences.every((d) => d.attribute === rule.attribute)) return false;
  return true;
}

function glob(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
}

/** What each waiver of the config file accepts of its migrations' findings. */
export const WAIVABLE = {
  irreversible: (finding: Finding) =>
    finding.kind === 'irreversible' || (finding.kind === 'down-mismatch' && finding.direction === 'down'),
  unsafe: (finding: Finding) =>
    ['table-copy', 'write-lock', 'rebuild', 'destructive', 'breaking-change'].includes(finding.kind),
};

/**
 * Migrations marked irreversible, or unsafe, on purpose: their findings of that sort are reported as
 * notices that carry the reason, not as errors or warnings.
 */
export function applyWaivers(
  findings: Finding[],
  waivers: Waiver[],
  waivable: (finding: Finding) => boolean,
): Finding[] {
  if (waivers.length === 0) return findings;
  return findings.map((finding) => {
    const waiver = waivers.find((candidate) => sameMigration(candidate.migration, finding.migration));
    return waiver && waivable(finding) ? accepted(finding, 'waived', waiver.reason) : finding;
  });
}

/** A finding the project accepted: a notice that says why, which no longer fails the gate. */
function accepted(finding: Finding, how: 'ignored' | 'waived', reason: string): Finding {
  return { ...finding, severity: 'notice', message: `${finding.message} (${how}: ${reason})`, ignored: reason };
}
