import path from 'node:path';
import { engineHeadline, engineTag } from './engines.js';
import type { CheckResult, EngineRun } from '../result.js';
import type { Finding, Severity } from '../findings/types.js';
import type { StepReport } from '../replay/types.js';
import { VERSION } from '../version.js';
import { ANNOTATION_LIMIT, annotations, cell, ICONS } from './github.js';
import { countOf, escape } from './format.js';
import { proposalSection } from './proposal.js';

/** GitHub refuses a comment body longer than this many characters. */
export const COMMENT_LIMIT = 65_536;

/**
 * What a body of `commentBody` stays within. Below the limit so that `resolvedBody` can fold a whole
 * previous body into itself, and because GitHub counts characters where a string's length counts UTF-16
 * units (an emoji is one of the first and two of the second, so this side only ever over-counts).
 */
const BODY_BUDGET = COMMENT_LIMIT - 1_024;

/** The chain's rows get at most this much of the body: each failed step has its findings, which say more. */
const CHAIN_BUDGET = 16_384;

/** The proposed migration gets at most this much: a longer file is in the artifact. */
const PROPOSAL_BUDGET = 24_576;

/**
 * The hidden line by which the gate finds its own comment again. One per job and engine, so that a
 * matrix over MySQL and MariaDB keeps a comment each instead of overwriting one another's.
 */
export function commentMarker(job: string, engine: string): string {
  return `<!-- migration-gate:${markerPart(job)}:${markerPart(engine)} -->`;
}

/** A `>` would let `-->` end the HTML comment early and show the rest; a line break would split the marker. */
function markerPart(text: string): string {
  return text.replace(/>/g, '&gt;').replace(/\s+/g, ' ').trim();
}

/** The pull request comment: the verdict, every finding, the chain's failed steps, what was not checked. */
export function commentBody(result: CheckResult, root: string, marker: string): string {
  const headline = engineHeadline(result);
  const head = [
    marker,
    `### ${verdictLine(result)}`,
    '',
    ...(headline ? [`**${escape(headline)}**`, ''] : []),
    ...(result.engines ? [engineLine(result.engines), ''] : []),
  ];
  const chain = result.engines
    ? result.engines.flatMap((engine, i) => [
        ...(i > 0 ? [''] : []),
        ...chainSection(engine.result.steps, engine.label),
      ])
    : chainSection(result.steps, null);
  const tail = ['', ...result.coverage.gaps.map((gap) => `> ⚠️ **Not checked:** ${escape(gap)}.\n`), footer()];
  const rest = BODY_BUDGET - length([...head, ...chain, ...tail]);
  const proposal = result.proposal
    ? proposalSection(result.proposal, result.cwd, root, Math.min(PROPOSAL_BUDGET, rest / 2))
    : [];
  const findings = findingsSection(result, root, rest - length(proposal));
  return [...head, ...findings, ...proposal, ...chain, ...tail].join('\n');
}

/** What the comment becomes once the gate passes: it says so, and keeps what it said before folded away. */
export function resolvedBody(marker: string, previous?: string): string {
  const heading = `${marker}\n### ✅ resolved: migration-gate passes now`;
  // Resolved again on a later passing push: left as it is, so that nothing nests and nothing is rewritten.
  if (previous?.startsWith(heading)) return previous;
  const before = previous?.replace(marker, '').trim();
  if (!before) return heading;
  const body = `${heading}\n\n<details><summary>What it reported before</summary>\n\n${before}\n\n</details>`;
  return body.length <= COMMENT_LIMIT ? body : heading;
}

function verdictLine(result: CheckResult): string {
  const name = result.live ? 'migration-gate live' : 'migration-gate';
  const counts = `${countOf(result.findings, 'error')} error(s), ${countOf(result.findings, 'warning')} warning(s)`;
  return result.verdict === 'pass' ? `✅ ${name} passed: ${counts}` : `❌ ${name} failed: ${counts}`;
}

function footer(): string {
  return `<sub>migration-gate ${VERSION} · the job summary has the differences, statements and timings</sub>`;
}

/** Every finding, as many rows as fit in `budget` characters, then a line counting the rows left out. */
function findingsSection(result: CheckResult, root: string, budget: number): string[] {
  if (result.findings.length === 0) return [];
  const head = [
    `#### Findings (${result.findings.length})`,
    '',
    ...unannotated(result, root),
    '| severity | kind | where | message |',
    '|---|---|---|---|',
  ];
  const rows = result.findings.map((finding) => findingRow(finding, root, engineTag(finding, result)));
  return [...head, ...fit(rows, budget - length([...head, '']), findingsLeftOut), ''];
}

/** Why the comment is worth reading beside the diff: the annotations there stop early. */
function unannotated(result: CheckResult, root: string): string[] {
  const { hidden } = annotations(result, root);
  if (hidden === 0) return [];
  return [`${hidden} of them are not annotated on the diff: annotations stop at ${ANNOTATION_LIMIT} per severity.`, ''];
}

function findingsLeftOut(count: number): string {
  return `${count} more finding(s) left out to keep this comment within GitHub's size limit: the job summary lists them all.`;
}

const SEVERITIES: Record<Severity, string> = { error: '❌ error', warning: '⚠️ warning', notice: 'ℹ️ notice' };

function findingRow(finding: Finding, root: string, only: string | null): string {
  const message = finding.message.length > 300 ? `${finding.message.slice(0, 297)}…` : finding.message;
  const known = finding.known ? ' (in the baseline)' : '';
  const engines = only ? ` **(${cell(only)})**` : '';
  return `| ${SEVERITIES[finding.severity]} | ${finding.kind} | ${where(finding, root)} | ${cell(message)}${known}${engines} |`;
}

/** Each engine's verdict, on one line. */
function engineLine(engines: EngineRun[]): string {
  return engines
    .map((engine) => `${engine.verdict === 'pass' ? '✅' : '❌'} ${escape(engine.label)} (${code(engine.image)})`)
    .join(' · ');
}

/** `path:line` relative to the repository root, with `/` on every platform, as GitHub shows paths. */
function where(finding: Finding, root: string): string {
  if (finding.file === null) return '';
  const file = path.relative(root, finding.file).split(path.sep).join('/');
  return code(`${file}${finding.line ? `:${finding.line}` : ''}`);
}

/** The chain's steps that did not go ok, one row each; the ok ones are only counted. On one engine of several: named. */
function chainSection(steps: StepReport[], engine: string | null): string[] {
  const failed = steps.map((step, i) => ({ step, number: i + 1 })).filter(({ step }) => !stepOk(step));
  const heading = `#### Chain${engine ? ` on ${escape(engine)}` : ''}: ${steps.length - failed.length} of ${steps.length} steps ok`;
  if (failed.length === 0) return [heading];
  const rows = failed.map(({ step, number }) => chainRow(step, number));
  const head = [heading, '', '| # | migration | up | down | re-up |', '|---|---|---|---|---|'];
  return [...head, ...fit(rows, CHAIN_BUDGET, stepsLeftOut)];
}

/** A skipped phase is no fault of the step: an earlier problem made running it meaningless, and is reported. */
function stepOk(step: StepReport): boolean {
  return [step.up, step.down, step.reup].every((phase) => phase.outcome === 'ok' || phase.outcome === 'skipped');
}

/** As the job summary spells them, so that the comment and the summary read alike. */

function chainRow(step: StepReport, number: number): string {
  const outcomes = [step.up, step.down, step.reup].map((phase) => ICONS[phase.outcome]);
  return `| ${number} | ${code(step.name)} | ${outcomes.join(' | ')} |`;
}

function stepsLeftOut(count: number): string {
  return `${count} more step(s) that did not go ok left out: the job summary has the whole chain.`;
}

/** The rows that fit in `budget` characters, and when not all do, a line saying how many were left out. */
function fit(rows: string[], budget: number, leftOut: (count: number) => string): string[] {
  if (length(rows) <= budget) return rows;
  const room = budget - length(['', leftOut(rows.length)]);
  const kept: string[] = [];
  let used = 0;
  for (const row of rows) {
    used += row.length + 1;
    if (used > room) break;
    kept.push(row);
  }
  return [...kept, '', leftOut(rows.length - kept.length)];
}

/** The characters `lines` take joined, one newline each (one too many, which errs on the safe side). */
function length(lines: string[]): number {
  return lines.reduce((sum, line) => sum + line.length + 1, 0);
}

/** Inside backticks `<` is shown as it is, but a `|` still ends the table cell. */
function code(text: string): string {
  return `\`${text.replace(/\|/g, '\\|')}\``;
}
