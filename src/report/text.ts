import path from 'node:path';
import { styleText } from 'node:util';
import type { ProbeReport } from '../probe/stage.js';
import type { CheckResult, EngineRun } from '../result.js';
import { describeCoverage } from '../findings/coverage.js';
import { engineHeadline, engineTag, historyOfEngines, probesOf } from './engines.js';
import { statementLines, subject } from '../findings/describe.js';
import { countOf, seconds, sideLabel, sideValue, stepMs } from './format.js';
import type { Finding } from '../findings/types.js';
import type { Outcome, PhaseResult, StepReport } from '../replay/types.js';
import { describeFlavor } from '../schema/flavor.js';
import { liveLines } from './live.js';
import { probeRows, probeSummary } from './probe.js';

export interface TextOptions {
  color: boolean;
  /** The whole chain table; by default only the steps that are not ok. */
  verbose?: boolean;
}

type Style = 'red' | 'green' | 'yellow' | 'dim' | 'bold';

/** The report for people: verdict, server, the chain as a table, then findings grouped by file. */
export function renderText(result: CheckResult, options: TextOptions): string {
  // the caller decided (--color, NO_COLOR, FORCE_COLOR, a terminal): no second guess from the stream
  const paint = (style: Style, text: string) =>
    options.color ? styleText(style, text, { validateStream: false }) : text;
  const relative = (file: string | null) => (file === null ? '(no file)' : path.relative(result.cwd, file) || file);
  const lines: string[] = [];
  const verbose = options.verbose ?? false;
  if (result.engines) lines.push(...engineLines(result, result.engines, paint, verbose));
  else
    lines.push(
      `${paint('bold', 'migration-gate')} on ${describeFlavor(result.server.flavor)} (${result.server.origin}), context ${result.context}`,
      '',
    );
  const live = liveLines(result);
  if (live.length > 0) lines.push(...live, '');
  if (!result.engines) lines.push(...chainTable(result.steps, paint, verbose), '');
  lines.push(...printed(result, paint));
  const history = historyOfEngines(result);
  if (history.length > 0) lines.push(...history, '');
  for (const probe of probesOf(result)) lines.push(probeSummary(probe), ...(verbose ? probeTable(probe) : []), '');
  const groups = new Map<string, Finding[]>();
  for (const finding of result.findings) {
    const key = relative(finding.file);
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  for (const [file, findings] of groups) {
    lines.push(paint('bold', file));
    for (const finding of findings) {
      const color = finding.severity === 'error' ? 'red' : finding.severity === 'warning' ? 'yellow' : 'dim';
      // path:line, as editors and terminals make it a link
      const where = finding.file === null ? '' : `${file}${finding.line !== null ? `:${finding.line}` : ''} `;
      const only = engineTag(finding, result);
      lines.push(
        `  ${where}${paint(color, finding.severity)} ${finding.kind}: ${finding.message}${only ? paint('bold', ` (${only})`) : ''}`,
      );
      if (finding.differences.length > 1 || (finding.kind === 'drift' && finding.differences.length === 1))
        for (const difference of finding.differences) {
          if (difference.kind === 'changed' || difference.kind === 'missing' || difference.kind === 'extra')
            lines.push(
              paint('dim', `      ${subject(difference)}${difference.attribute ? ` ${difference.attribute}` : ''}`),
              `        expected (${sideLabel(finding, 'expected')}): ${sideValue(difference.expected)}`,
              `        actual   (${sideLabel(finding, 'actual')}): ${sideValue(difference.actual)}`,
            );
        }
      if (finding.statements?.length)
        lines.push(
          paint('dim', '      statements the step sent:'),
          ...statementLines(finding.statements).map((line) => `        ${line}`),
        );
      if (finding.hint) lines.push(paint('dim', `      hint: ${finding.hint}`));
    }
    lines.push('');
  }
  for (const note of result.notes) lines.push(paint('dim', note));
  if (result.engines)
    for (const engine of result.engines)
      lines.push(`Checked on ${engine.label}: ${describeCoverage(engine.result.coverage)}`);
  else lines.push(`Checked: ${describeCoverage(result.coverage)}`);
  for (const gap of result.coverage.gaps) lines.push(paint('red', `Not checked: ${gap}`));
  const errors = countOf(result.findings, 'error');
  const warnings = countOf(result.findings, 'warning');
  const summary = `${errors} error(s), ${warnings} warning(s); ${result.steps.length} migration(s), ${result.compared.length} table(s) compared with the model`;
  lines.push(
    result.verdict === 'pass' ? paint('green', `PASS  ${summary}`) : paint('red', `FAIL  ${summary}`),
    paint(
      'dim',
      `server ${seconds(result.timings.serverMs)}, replay ${seconds(result.timings.replayMs)}${result.history ? `, upgrade path ${seconds(result.timings.upgradeMs)}` : result.live ? `, deploy ${seconds(result.timings.upgradeMs)}` : ''}${result.probe ? `, probe ${seconds(result.timings.probeMs)}` : ''}, model ${seconds(result.timings.modelMs)}, total ${seconds(result.timings.totalMs)}`,
    ),
  );
  return lines.join('\n') + '\n';
}

/** Each statement the probe measured, aligned: migration, statement, what the server chose, its reason. */
function probeTable(probe: ProbeReport): string[] {
  const rows = probeRows(probe);
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => `  ${row.map((value, column) => value.padEnd(widths[column] ?? 0)).join('  ')}`.trimEnd());
}

/** Lines a migration may print before the rest is left to the JSON report. */
const PRINTED_LINES = 20;

/** What the project's code printed, under the migration that printed it. */
function printed(result: CheckResult, paint: (style: Style, text: string) => string): string[] {
  const sections = [
    { title: 'while loading the project', log: result.loadLog },
    ...result.steps.map((step) => ({ title: step.name, log: step.log })),
  ].filter((section) => section.log.trim() !== '');
  if (sections.length === 0) return [];
  const lines = [paint('bold', 'Output of the project’s code')];
  for (const { title, log } of sections) {
    const printedLines = log.trimEnd().split('\n');
    lines.push(`  ${title}:`, ...printedLines.slice(0, PRINTED_LINES).map((line) => paint('dim', `    ${line}`)));
    if (printedLines.length > PRINTED_LINES)
      lines.push(paint('dim', `    … ${printedLines.length - PRINTED_LINES} more line(s), in the JSON report`));
  }
  return [...lines, ''];
}

const SYMBOLS: Record<Outcome, string> = {
  ok: 'ok',
  failed: 'FAILED',
  timeout: 'TIMEOUT',
  mismatch: 'MISMATCH',
  irreversible: 'NO DOWN',
  'not-loaded': 'NOT LOADED',
  skipped: '-',
};

const TROUBLE = new Set<Outcome>(['failed', 'timeout', 'mismatch', 'irreversible', 'not-loaded']);

/** A step that ran up and met no trouble in any pass. */
function isOk(step: StepReport): boolean {
  return step.up.outcome === 'ok' && ![step.down, step.reup].some((phase) => TROUBLE.has(phase.outcome));
}

/**
 * A check on several engines: each one's verdict, server and chain, and first of all, when they disagree,
 * on which the chain works and on which it fails.
 */
function engineLines(
  result: CheckResult,
  engines: EngineRun[],
  paint: (style: Style, text: string) => string,
  verbose: boolean,
): string[] {
  const lines = [`${paint('bold', 'migration-gate')} on ${engines.length} servers, context ${result.context}`];
  const headline = engineHeadline(result);
  if (headline) lines.push(paint('bold', paint('red', headline)));
  lines.push('');
  for (const engine of engines) {
    const { steps, timings } = engine.result;
    const verdict = engine.verdict === 'pass' ? paint('green', 'PASS') : paint('red', 'FAIL');
    lines.push(
      `${verdict}  ${paint('bold', engine.label)} (${engine.image}): ${engine.errors} error(s), ${engine.warnings} warning(s); ${steps.filter(isOk).length} of ${steps.length} steps ok; ${seconds(timings.totalMs)}`,
    );
  }
  lines.push('');
  for (const engine of engines)
    if (verbose || !engine.result.steps.every(isOk))
      lines.push(`${paint('bold', `On ${engine.label}:`)}`, ...chainTable(engine.result.steps, paint, verbose), '');
  return lines;
}

/** The chain as a table: every step with --verbose, else the steps that are not ok and a count of the rest. */
function chainTable(steps: StepReport[], paint: (style: Style, text: string) => string, verbose: boolean): string[] {
  const numbered = steps.map((step, i) => ({ step, i }));
  const shown = verbose ? numbered : numbered.filter(({ step }) => !isOk(step));
  const ok = steps.filter(isOk).length;
  const count = `${ok} of ${steps.length} steps ok${verbose || ok === 0 ? '' : ' (--verbose lists them)'}`;
  if (shown.length === 0) return [count];
  const rows = shown.map(({ step, i }) => [
    String(i + 1),
    step.name,
    cell(step.up),
    cell(step.down),
    cell(step.reup),
    seconds(stepMs(step)),
  ]);
  const header = ['#', 'migration', 'up', 'down', 're-up', 'time'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const format = (row: string[]) =>
    row
      .map((value, column) => value.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  const colored = (row: string[]) =>
    format(row).replace(/\b(FAILED|TIMEOUT|MISMATCH|NO DOWN|NOT LOADED)\b/g, (match) => paint('red', match));
  return [paint('bold', format(header)), ...rows.map(colored), count];
}

function cell(phase: PhaseResult): string {
  return SYMBOLS[phase.outcome];
}
