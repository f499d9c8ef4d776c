import { summarise } from '../findings/describe.js';
import type { Finding, Severity } from '../findings/types.js';
import type { StepReport } from '../replay/types.js';

/** The spellings every report shares: times, counts, the two sides of a difference. */

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** A step's time over its three passes. */
export function stepMs(step: StepReport): number {
  return [step.up.ms, step.down.ms, step.reup.ms].reduce<number>((sum, ms) => sum + (ms ?? 0), 0);
}

export function countOf(findings: Finding[], severity: Severity): number {
  return findings.filter((finding) => finding.severity === severity).length;
}

/** What one side of a finding's differences is: its own label (`model`, `fresh database`, …). */
export function sideLabel(finding: Finding, side: 'expected' | 'actual'): string {
  return finding.sides?.[side] ?? side;
}

/** One side's value of a difference, `(absent)` when that side lacks the object. */
export function sideValue(value: unknown): string {
  return value === null || value === undefined ? '(absent)' : summarise(value);
}

/** A message quoting a type or SQL (`enum<…>`, `a > b`) would otherwise be read as HTML. */
export function escape(text: string): string {
  return text.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
