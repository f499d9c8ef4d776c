import path from 'node:path';
import type { CheckResult, EngineRun } from '../result.js';
import { statementLines, subject } from '../findings/describe.js';
import { countOf, escape, seconds, sideValue, stepMs } from './format.js';
import { proposalSection } from './proposal.js';
import type { Finding, Severity, Sides } from '../findings/types.js';
import type { Outcome, StepReport } from '../replay/types.js';
import type { Difference } from '../schema/diff.js';
import { describeCoverage } from '../findings/coverage.js';
import { engineHeadline, engineTag, historyOfEngines, probesOf } from './engines.js';
import { describeFlavor } from '../schema/flavor.js';
import { probeRows, probeSummary } from './probe.js';
import { liveLines } from './live.js';

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
  const all = result.findings.map((finding) => annotation(finding, repositoryRoot, engineTag(finding, result)));
  const shown: Annotation[] = [];
  const used: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  for (const item of all) if (used[item.severity]++ < ANNOTATION_LIMIT) shown.push(item);
  return { shown, hidden: all.length - shown.length };
}

function annotation(finding: Finding, root: string, only: string | null): Annotation {
  const message = only ? `${finding.message} (${only})` : finding.message;
  return {
    severity: finding.severity,
    title: `migration-gate: ${finding.kind}${only ? ` (${only})` : ''}`,
    message: finding.hint ? `${message}\nHint: ${finding.hint}` : message,
    file: finding.file === null ? undefined : path.relative(root, finding.file).split(path.sep).join('/'),
    startLine: finding.line ?? undefined,
  };
}

/** How the job summary and the pull-request comment show a step's outcome in a pass. */
export const ICONS: Record<Outcome, string> = {
  ok: '✅',
  failed: '❌ failed',
  timeout: '⏱️ timeout',
  mismatch: '❌ mismatch',
  irreversible: '❌ no down',
  'not-loaded': '❌ not loaded',
  skipped: '–',
};

/** The job summary holds up to 1 MiB; the proposed migration gets a part of it. */
const SUMMARY_PROPOSAL_BUDGET = 262_144;

/** The job summary: verdict, server, findings, differences by table, and the chain, in GitHub Markdown. */
export function summaryMarkdown(result: CheckResult, repositoryRoot: string): string {
  const errors = countOf(result.findings, 'error');
  const warnings = countOf(result.findings, 'warning');
  const verdict =
    result.verdict === 'pass'
      ? `✅ migration-gate passed: ${result.steps.length} migrations, ${result.compared.length} tables compared${warnings ? `, ${warnings} warning(s)` : ''}`
      : `❌ migration-gate failed: ${errors} error(s), ${warnings} warning(s)`;
  const headline = engineHeadline(result);
  const lines = [
    `## ${verdict}`,
    '',
    ...(headline ? [`**${escape(headline)}**`, ''] : []),
    ...(result.engines
      ? [
          ...engineTable(result.engines),
          '',
          `**Context** ${result.context} · **time** ${seconds(result.timings.totalMs)}`,
        ]
      : [
          `**Server** ${describeFlavor(result.server.flavor)} (\`${result.server.origin}\`) · **context** ${result.context} · **time** ${seconds(result.timings.totalMs)} (server ${seconds(result.timings.serverMs)}, replay ${seconds(result.timings.replayMs)})`,
          '',
          `**Checked** ${describeCoverage(result.coverage)}`,
        ]),
    '',
    ...result.coverage.gaps.map(
      (gap) => `> ⚠️ **Not checked:** ${gap}. A check that did not check everything does not pass.\n`,
    ),
  ];
  const live = liveLines(result);
  if (live.length > 0) lines.push('### Live database', '', ...live.map((line) => `- ${escape(line)}`), '');
  const fresh = result.findings.filter((finding) => !finding.known);
  const known = result.findings.filter((finding) => finding.known);
  if (fresh.length > 0)
    lines.push(
      result.baseline ? '### New findings' : '### Findings',
      '',
      ...findingsTable(fresh, repositoryRoot, result.engines),
      '',
    );
  if (known.length > 0)
    lines.push(
      `<details><summary>Known findings (${known.length}, in the baseline)</summary>`,
      '',
      ...findingsTable(known, repositoryRoot, result.engines),
      '',
      '</details>',
      '',
    );
  const byTable = differencesByTable(result.findings);
  if (byTable.size > 0) {
    lines.push('### Differences by table', '');
    for (const [table, groups] of byTable) {
      lines.push(`#### \`${table}\``, '');
      for (const { sides, differences } of groups) {
        lines.push(`| object | ${cell(sides.expected)} | ${cell(sides.actual)} |`, '|---|---|---|');
        for (const difference of differences)
          lines.push(
            `| ${cell(subject(difference))}${difference.attribute ? ` ${cell(difference.attribute)}` : ''} | ${cell(sideValue(difference.expected))} | ${cell(sideValue(difference.actual))} |`,
          );
        lines.push('');
      }
    }
  }
  if (result.proposal)
    lines.push(...proposalSection(result.proposal, result.cwd, repositoryRoot, SUMMARY_PROPOSAL_BUDGET));
  lines.push('### Chain', '', result.engines ? engineChainTable(result.engines) : chainTable(result.steps), '');
  const history = historyOfEngines(result);
  if (history.length > 0)
    lines.push('### Baseline, history and data', '', ...history.map((line) => `- ${escape(line)}`), '');
  for (const probe of probesOf(result)) {
    lines.push('### Probe', '', escape(probeSummary(probe)), '');
    const rows = probeRows(probe);
    if (rows.length > 0)
      lines.push(
        '| migration | statement | algorithm | the server’s reason |',
        '|---|---|---|---|',
        ...rows.map(
          ([migration, sql, algorithm, reason]) =>
            `| ${cell(migration)} | ${cell(sql)} | ${cell(algorithm)} | ${cell(reason)} |`,
        ),
        '',
      );
  }
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

/** With several engines, a column each: whether the finding occurred there. */
function findingsTable(findings: Finding[], root: string, engines: EngineRun[] | null): string[] {
  const columns = engines ?? [];
  const occurred = (finding: Finding) =>
    columns.map((engine) => (finding.engines?.includes(engine.image) ? ' ✔ |' : ' – |')).join('');
  return [
    `| | kind | where | message |${columns.map((engine) => ` ${cell(engine.label)} |`).join('')}`,
    `|---|---|---|---|${'---|'.repeat(columns.length)}`,
    ...findings.map((finding) => `${findingRow(finding, root)}${occurred(finding)}`),
  ];
}

/** One column per engine: its verdict, image, counts, what it checked and its time. */
function engineTable(engines: EngineRun[]): string[] {
  const row = (title: string, value: (engine: EngineRun) => string) =>
    `| ${title} |${engines.map((engine) => ` ${cell(value(engine))} |`).join('')}`;
  return [
    `| |${engines.map((engine) => ` ${cell(engine.label)} |`).join('')}`,
    `|---|${'---|'.repeat(engines.length)}`,
    row('verdict', (engine) => (engine.verdict === 'pass' ? '✅ passed' : '❌ failed')),
    row('image', (engine) => engine.image),
    row('errors, warnings', (engine) => `${engine.errors}, ${engine.warnings}`),
    row('checked', (engine) => describeCoverage(engine.result.coverage)),
    row(
      'time',
      ({ result }) =>
        `${seconds(result.timings.totalMs)} (server ${seconds(result.timings.serverMs)}, replay ${seconds(result.timings.replayMs)})`,
    ),
  ];
}

/** The chain with one column per engine: up, down and re-up there. */
function engineChainTable(engines: EngineRun[]): string {
  // the same files on every engine; the longest list, should one have stopped before loading them all
  const steps = engines.map(({ result }) => result.steps).reduce((a, b) => (b.length > a.length ? b : a));
  const rows = steps.map(
    (step, i) =>
      `| ${i + 1} | \`${step.name}\` |${engines
        .map(({ result }) => {
          const there = result.steps[i];
          return ` ${there ? [there.up, there.down, there.reup].map((phase) => ICONS[phase.outcome]).join(' ') : '–'} |`;
        })
        .join('')}`,
  );
  return [
    `| # | migration |${engines.map((engine) => ` ${cell(engine.label)} (up down re-up) |`).join('')}`,
    `|---|---|${'---|'.repeat(engines.length)}`,
    ...rows,
  ].join('\n');
}

function findingRow(finding: Finding, root: string): string {
  const icon = finding.severity === 'error' ? '❌' : finding.severity === 'warning' ? '⚠️' : 'ℹ️';
  const file = finding.file === null ? '' : path.relative(root, finding.file).split(path.sep).join('/');
  const where = file ? `\`${file}${finding.line ? `:${finding.line}` : ''}\`` : '';
  const message = finding.message.length > 200 ? `${finding.message.slice(0, 197)}…` : finding.message;
  const hint = finding.hint ? `<br><sub>${cell(finding.hint)}</sub>` : '';
  return `| ${icon} | ${finding.kind} | ${where} | ${cell(message)}${hint} |`;
}

/**
 * The differences of comparisons between whole schemas (the model and the migrations, a fresh and an
 * upgraded database), by table and then by what the two sides are, as each finding names them; a step's
 * own mismatches are read on that step.
 */
function differencesByTable(findings: Finding[]): Map<string, { sides: Sides; differences: Difference[] }[]> {
  const tables = new Map<string, { sides: Sides; differences: Difference[] }[]>();
  for (const finding of findings) {
    if (finding.direction !== null || !finding.sides) continue;
    for (const difference of finding.differences) {
      const groups = tables.get(difference.table) ?? [];
      const sides = finding.sides;
      const group = groups.find((item) => item.sides.expected === sides.expected && item.sides.actual === sides.actual);
      if (group) group.differences.push(difference);
      else groups.push({ sides, differences: [difference] });
      tables.set(difference.table, groups);
    }
  }
  return tables;
}

function chainTable(steps: StepReport[]): string {
  const rows = steps.map(
    (step, i) =>
      `| ${i + 1} | \`${step.name}\` | ${ICONS[step.up.outcome]} | ${ICONS[step.down.outcome]} | ${ICONS[step.reup.outcome]} | ${seconds(stepMs(step))} |`,
  );
  return ['| # | migration | up | down | re-up | time |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

/** Text as one cell of a markdown table. */
export function cell(text: string): string {
  return escape(text).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}
