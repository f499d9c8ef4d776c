import type { IgnoreRule } from '../config/file.js';
import type { Finding } from './types.js';

/**
 * Accepted differences: a finding that an ignore rule of the config file matches becomes a notice that
 * carries the rule's reason, so reviewers see what was waived and why; it no longer fails the gate.
 */
export function applyIgnoreRules(findings: Finding[], rules: IgnoreRule[]): Finding[] {
  if (rules.length === 0) return findings;
  return findings.map((finding) => {
    const rule = rules.find((candidate) => matches(candidate, finding));
    return rule
      ? {
          ...finding,
          severity: 'notice',
          message: `${finding.message} (ignored: ${rule.reason})`,
          ignored: rule.reason,
        }
      : finding;
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
