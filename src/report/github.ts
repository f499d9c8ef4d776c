import path from 'node:path';
import type { CheckResult } from '../check.js';
import { statementLines, subject, summarise } from '../findings/describe.js';
import type { Finding, Severity } from '../findings/types.js';
import type { Outcome, StepReport } from '../replay/types.js';
import type { Difference } from '../schema/diff.js';
import { describeCoverage } from '../findings/coverage.js';
import { describeFlavor } from '../schema/flavor.js';
import { historyLines } from './history.js';

/** One annotation as GitHub takes it: the file relative to the repository root. */
export interface Annotation {
  severity: Severity;
  title: string;
  message: string;
  file: string | undefined;
  startLine: number | undefined;
}

/**
 * GitHub shows at most 10 error and 10 warning annotations of a step (and 50 of a job). Findings come
 * most important first, so the ones shown are the ones that matter; the rest stay in the summary and
 * the JSON report.
 */
export const ANNOTATION_LIMIT = 10;

export function annotations(result: CheckResult, repositoryRoot: string): { shown: Annotation[]; hidden: number } {
  const all = result.findings.map((finding) => annotation(finding, repositoryRoot));
  const shown: Annotation[] = [];
  const used: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  for (const item of all) if (used[item.severity]++ < ANNOTATION_LIMIT) shown.push(item);
  return { shown, hidden: all.length - shown.length };
}

function annotation(finding: Finding, root: string): Annotation {
  return {
    severity: finding.severity,
    title: `migration-gate: ${finding.kind}`,
    message: finding.hint ? `${finding.message}\nHint: ${finding.hint}` : finding.message,
    file: finding.file === null ? undefined : path.relative(root, finding.file).split(path.sep).join('/'),
    startLine: finding.line ?? undefined,
  };
}

const ICONS: Record<Outcome, string> = {
  ok: '✅',
  failed: '❌ failed',
  timeout: '⏱️ timeout',
  mismatch: '❌ mismatch',
  irreversible: '❌ no down',
  'not-loaded': '❌ not loaded',
  skipped: '–',
};

/** The job summary: verdict, server, findings, differences by table, and the chain, in GitHub Markdown. */
export function summaryMarkdown(result: CheckResult, repositoryRoot: string): string {
  const errors = count(result, 'error');
  const warnings = count(result, 'warning');
  const verdict =
    result.verdict === 'pass'
      ? `✅ migration-gate passed: ${result.steps.length} migrations, ${result.compared.length} tables compared${warnings ? `, ${warnings} warning(s)` : ''}`
      : `❌ migration-gate failed: ${errors} error(s), ${warnings} warning(s)`;
  const lines = [
    `## ${verdict}`,
    '',
    `**Server** ${describeFlavor(result.server.flavor)} (\`${result.server.origin}\`) · **context** ${result.context} · **time** ${seconds(result.timings.totalMs)} (server ${seconds(result.timings.serverMs)}, replay ${seconds(result.timings.replayMs)})`,
    '',
    `**Checked** ${describeCoverage(result.coverage)}`,
    '',
    ...result.coverage.gaps.map(
      (gap) => `> ⚠️ **Not checked:** ${gap}. A check that did not check everything does not pass.\n`,
    ),
  ];
  const fresh = result.findings.filter((finding) => !finding.known);
  const known = result.findings.filter((finding) => finding.known);
  if (fresh.length > 0)
    lines.push(result.baseline ? '### New findings' : '### Findings', '', ...findingsTable(fresh, repositoryRoot), '');
  if (known.length > 0)
    lines.push(
      `<details><summary>Known findings (${known.length}, in the baseline)</summary>`,
      '',
      ...findingsTable(known, repositoryRoot),
      '',
      '</details>',
      '',
    );
  const byTable = differencesByTable(result.findings);
  if (byTable.size > 0) {
    lines.push('### Differences by table', '');
    for (const [table, rows] of byTable) {
      lines.push(`#### \`${table}\``, '', '| object | model | migrations |', '|---|---|---|');
      for (const difference of rows)
        lines.push(
          `| ${cell(subject(difference))}${difference.attribute ? ` ${cell(difference.attribute)}` : ''} | ${cell(side(difference.expected))} | ${cell(side(difference.actual))} |`,
        );
      lines.push('');
    }
  }
  lines.push('### Chain', '', chainTable(result.steps), '');
  const history = historyLines(result);
  if (history.length > 0)
    lines.push('### Baseline, history and data', '', ...history.map((line) => `- ${escape(line)}`), '');
  for (const note of result.notes) lines.push(`> ${note}`, '');
  const long = result.findings.filter(
    (finding) => finding.differences.length > 1 || finding.message.length > 200 || finding.statements?.length,
  );
  if (long.length > 0) {
    lines.push('<details><summary>Full messages and statements</summary>', '');
    for (const finding of long) {
      lines.push(`- **${finding.kind}** ${escape(finding.message)}`);
      if (finding.statements?.length)
        lines.push('', '  ```sql', ...statementLines(finding.statements).map((line) => `  ${line}`), '  ```', '');
    }
    lines.push('', '</details>', '');
  }
  return lines.join('\n');
}

function findingsTable(findings: Finding[], root: string): string[] {
  return ['| | kind | where | message |', '|---|---|---|---|', ...findings.map((finding) => findingRow(finding, root))];
}

function findingRow(finding: Finding, root: string): string {
  const icon = finding.severity === 'error' ? '❌' : finding.severity === 'warning' ? '⚠️' : 'ℹ️';
  const file = finding.file === null ? '' : path.relative(root, finding.file).split(path.sep).join('/');
  const where = file ? `\`${file}${finding.line ? `:${finding.line}` : ''}\`` : '';
  const message = finding.message.length > 200 ? `${finding.message.slice(0, 197)}…` : finding.message;
  const hint = finding.hint ? `<br><sub>${cell(finding.hint)}</sub>` : '';
  return `| ${icon} | ${finding.kind} | ${where} | ${cell(message)}${hint} |`;
}

/** Drift differences only: those are the "model / migrations" comparisons. */
function differencesByTable(findings: Finding[]): Map<string, Difference[]> {
  const groups = new Map<string, Difference[]>();
  for (const finding of findings) {
    if (finding.direction !== null) continue;
    for (const difference of finding.differences)
      groups.set(difference.table, [...(groups.get(difference.table) ?? []), difference]);
  }
  return groups;
}

function chainTable(steps: StepReport[]): string {
  const rows = steps.map((step, i) => {
    const ms = [step.up.ms, step.down.ms, step.reup.ms].reduce<number>((sum, value) => sum + (value ?? 0), 0);
    return `| ${i + 1} | \`${step.name}\` | ${ICONS[step.up.outcome]} | ${ICONS[step.down.outcome]} | ${ICONS[step.reup.outcome]} | ${seconds(ms)} |`;
  });
  return ['| # | migration | up | down | re-up | time |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

function side(value: unknown): string {
  return value === null || value === undefined ? '(absent)' : summarise(value);
}

const count = (result: CheckResult, severity: Severity) =>
  result.findings.filter((finding) => finding.severity === severity).length;

function cell(text: string): string {
  return escape(text).replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}

function escape(text: string): string {
  return text.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
