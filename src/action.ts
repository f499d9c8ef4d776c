import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { check, type CheckResult } from './check.js';
import type { EngineResult, EngineRun, Proposal } from './result.js';
import type { Config } from './config/types.js';
import type { Server } from './database/server.js';
import type { Inspection } from './inspect.js';
import { generate, type Generated, type GeneratedFile } from './generate.js';
import { artifactName, uploadArtifact } from './github/artifact.js';
import { describeFlavor } from './schema/flavor.js';
import { loadConfig } from './config/load.js';
import { INPUT_NAMES, OPTION_LIST, OPTIONS, withFileNames } from './config/options.js';
import { ConfigError, type OptionNames } from './errors.js';
import { describeError, EXIT, exitCodeOf } from './exit.js';
import { live } from './live.js';
import { annotations, summaryMarkdown } from './report/github.js';
import { renderJson } from './report/json.js';
import { renderSarif } from './report/sarif.js';
import { commentBody, commentMarker } from './report/comment.js';
import { upsertComment } from './github/comment.js';

/** Runs the gate as a GitHub Action step and returns the exit code. */
export async function run(): Promise<number> {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  let names: OptionNames = INPUT_NAMES;
  const event = readEvent();
  try {
    const command =
      OPTIONS.command.kind.text!(core.getInput(INPUT_NAMES.command), 'command') ?? OPTIONS.command.default;
    if (command === 'comment') return await commentFromReport(workspace);
    // a live run reads a database; the history checks are the pull request's
    const base: BaseChoice =
      command === 'live' ? { ref: undefined, note: '', notice: false } : baseOf(core.getInput(INPUT_NAMES.base), event);
    if (base.notice) core.notice(base.note);
    else if (base.note) core.info(base.note);
    // Every input action.yml declares, as text: loadConfig reads each once, by its kind.
    const raw: Record<string, string | undefined> = {};
    for (const [key, spec] of OPTION_LIST) if (spec.input && !spec.shell) raw[key] = core.getInput(spec.input);
    const config = await loadConfig(
      { ...raw, cwd: path.resolve(workspace, raw.cwd || '.'), base: base.ref },
      core.getInput(INPUT_NAMES.config) || null,
    );
    names = withFileNames(INPUT_NAMES, config.fileOptions, config.configFile);
    for (const credentials of [config.database, config.scratch])
      if (credentials?.password) core.setSecret(credentials.password);
    let proposing: Promise<Proposal | undefined> | undefined;
    const proposes =
      command === 'check' && OPTIONS.generate.kind.text!(core.getInput(INPUT_NAMES.generate), 'generate');
    const result = await (command === 'live' ? live : check)(config, {
      log: (message) => core.info(message),
      secret: (value) => core.setSecret(value),
      phase: (name, work) => core.group(name, work),
      // on the first server whose check found drift, while it is up (of several engines, whichever is first)
      checked: async (own, server, seen) => {
        if (proposes && !proposing && hasDrift(own))
          await (proposing = propose(config, { server, seen }, workspace, names));
      },
    });
    const proposal = await proposing;
    // The base is the action's choice, not the check's: the reader learns it beside the check's own notes.
    const published = { ...result, notes: [...(base.note ? [base.note] : []), ...result.notes], proposal };
    await publish(published, workspace);
    if (OPTIONS.comment.kind.text!(core.getInput(INPUT_NAMES.comment), 'comment')) {
      const pullRequest = event.payload?.pull_request?.number;
      if (pullRequest) await comment({ ...result, proposal }, workspace, pullRequest);
      else core.info('No pull request in this event: no comment.');
    }
    if (result.verdict === 'fail') core.setFailed(`migration-gate: ${countOf(result, 'error')} error finding(s)`);
    return exitCodeOf(result);
  } catch (error) {
    const message = describeError(error, names);
    core.setFailed(`migration-gate: ${message}`);
    core.setOutput('result', 'error');
    await core.summary.addRaw(`## ⚠️ migration-gate could not run\n\n${message}\n`).write();
    return EXIT.error;
  }
}

/** Annotations, the job summary, the JSON report and the step's outputs. */
async function publish(result: CheckResult, workspace: string): Promise<void> {
  const { shown, hidden } = annotations(result, workspace);
  for (const { severity, message, ...properties } of shown) {
    const annotate = severity === 'error' ? core.error : severity === 'warning' ? core.warning : core.notice;
    annotate(message, properties);
  }
  if (hidden > 0) core.info(`${hidden} more finding(s) are not annotated (GitHub's limit): see the job summary`);
  await core.summary.addRaw(summaryMarkdown(result, workspace)).write();
  const reportDir = process.env.RUNNER_TEMP ?? workspace;
  mkdirSync(reportDir, { recursive: true });
  const report = path.join(reportDir, 'migration-gate-report.json');
  writeFileSync(report, renderJson(result));
  const sarif = core.getInput(INPUT_NAMES.sarif);
  if (sarif) {
    const file = path.resolve(workspace, sarif);
    mkdirSync(path.dirname(file), { recursive: true });
    // relative to the repository's root, as code scanning places results
    writeFileSync(file, renderSarif(result, workspace));
    core.setOutput('sarif', file);
  }
  core.setOutput('result', result.verdict);
  core.setOutput('errors', countOf(result, 'error'));
  core.setOutput('warnings', countOf(result, 'warning'));
  core.setOutput('report', report);
}

/**
 * `generate`: when the check found drift, the migration that closes it (`migration-gate generate
 * --dry-run`), proven on the check's server while it is up, offered as files and an artifact. A proposal
 * that cannot be made or offered is said, and never changes the verdict.
 */
async function propose(
  config: Config,
  { server, seen }: { server: Server; seen: Inspection },
  workspace: string,
  names: OptionNames,
): Promise<Proposal | undefined> {
  if (config.tool.kind !== 'umzug')
    return void core.info(
      `generate writes umzug migrations, and the runner is ${config.tool.kind}: no migration proposed.`,
    );
  let generated: Generated;
  try {
    generated = await core.group('Generate the migration that closes the drift', () =>
      // on the check's server, from the chain's end and the model the check read there
      generate(config, {
        server,
        seen,
        dryRun: true,
        allowDestructive: false,
        name: null,
        log: (message) => core.info(message),
      }),
    );
  } catch (error) {
    return void core.warning(`migration-gate could not propose a migration: ${describeError(error, names)}`);
  }
  if (generated.outcome === 'nothing' || generated.outcome === 'written') return undefined;
  const proposal: Proposal = {
    ...generated,
    outcome: generated.outcome,
    server: describeFlavor(server.flavor),
    artifact: null,
  };
  if (generated.outcome === 'printed')
    try {
      proposal.artifact = await offer(generated.files, config, server, workspace);
    } catch (error) {
      core.warning(
        `migration-gate could not write the proposed migration's files (${(error as Error).message.split('\n')[0]}); it is in the job summary.`,
      );
    }
  return proposal;
}

/**
 * The proposed files in a directory of their own under RUNNER_TEMP, each at its path in the repository
 * (copied over the checkout, each is where it belongs), named by the step's outputs, and uploaded as an
 * artifact: the page to download it from, or null when the upload failed (said).
 */
async function offer(
  files: GeneratedFile[],
  config: Config,
  server: Server,
  workspace: string,
): Promise<string | null> {
  // of its own: a second gate step in the job does not overwrite this one's
  const dir = mkdtempSync(path.join(process.env.RUNNER_TEMP || tmpdir(), 'migration-gate-migration-'));
  const placed = files.map((file) => {
    const inRepository = path.relative(workspace, path.join(config.cwd, file.file));
    // a project outside the workspace: its path in the project
    return inRepository.startsWith('..') ? file.file : inRepository;
  });
  files.forEach((file, i) => {
    const target = path.join(dir, placed[i]!);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.text);
  });
  core.setOutput('migration', placed.join('\n'));
  core.setOutput('migration-directory', dir);
  // artifact names are the run's: a matrix's jobs share their job id, and one job may gate several projects
  const name = artifactName(
    'migration-gate-migration',
    process.env.GITHUB_JOB ?? '',
    config.database ? describeFlavor(server.flavor) : server.origin,
    path.relative(workspace, config.cwd),
  );
  try {
    const page = await uploadArtifact(
      name,
      dir,
      placed.map((file) => path.join(dir, file)),
    );
    core.info(`The proposed migration is the artifact ${name}: ${page}`);
    return page;
  } catch (error) {
    core.warning(
      `migration-gate could not upload the proposed migration as an artifact (${(error as Error).message.split('\n')[0]}); it is in the job summary and in ${dir}.`,
    );
    return null;
  }
}

/**
 * New drift the check found: what makes a migration worth proposing (drift the baseline knows alone does
 * not; once one is proposed, it closes that too).
 */
function hasDrift(result: CheckResult): boolean {
  return result.findings.some((finding) => finding.kind === 'drift' && !finding.known && finding.severity !== 'notice');
}

/**
 * `command: comment`: the comment of a JSON report another job wrote, on the pull request it names. No
 * project code runs here, so this job may hold a write token where the gate's (a fork's) may not.
 */
async function commentFromReport(workspace: string): Promise<number> {
  const given = core.getInput(INPUT_NAMES.report);
  const pullRequest = Number(core.getInput(INPUT_NAMES.pullRequest));
  if (!given || !Number.isInteger(pullRequest) || pullRequest <= 0)
    throw new ConfigError(
      (name) =>
        `command: comment needs ${name.report} (the gate's JSON report) and ${name.pullRequest} (the pull request's number)`,
      { option: given ? 'pullRequest' : 'report' },
    );
  const result = readReport(path.resolve(workspace, given));
  await comment(result, result.cwd, pullRequest);
  return EXIT.pass;
}

/** A JSON report as the result it was written from: its paths, relative to the project, made whole again. */
function readReport(file: string): CheckResult {
  let report: CheckResult;
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as CheckResult;
  } catch (error) {
    throw new ConfigError(
      (name) => `${name.report} ${file} cannot be read: ${(error as Error).message.split('\n')[0]}`,
      {
        option: 'report',
        file,
      },
    );
  }
  if (!report || !Array.isArray(report.findings) || !Array.isArray(report.steps) || typeof report.cwd !== 'string')
    throw new ConfigError((name) => `${name.report} ${file} is no migration-gate JSON report`, {
      option: 'report',
      file,
    });
  const whole = (relative: string | null) => relative && path.resolve(report.cwd, relative);
  const steps = (list: CheckResult['steps']) => list.map((step) => ({ ...step, file: whole(step.file)! }));
  const result = {
    ...report,
    findings: report.findings.map((finding) => ({ ...finding, file: whole(finding.file) })),
    steps: steps(report.steps),
  };
  // the report keeps each engine's own part flat (json.ts)
  const engines = (report.engines as unknown as (Omit<EngineRun, 'result'> & EngineResult)[] | null) ?? null;
  return {
    ...result,
    engines:
      engines?.map(({ image, label, verdict, errors, warnings, ...own }) => ({
        image,
        label,
        verdict,
        errors,
        warnings,
        result: { ...own, steps: steps(own.steps) },
      })) ?? null,
  };
}

/** The sticky pull-request comment; a failure to post is said, and never changes the verdict. */
async function comment(result: CheckResult, root: string, pullNumber: number): Promise<void> {
  const token = core.getInput(INPUT_NAMES.githubToken);
  if (!token) return core.warning('The comment input is on but github-token is empty: no comment.');
  core.setSecret(token);
  const marker = commentMarker(process.env.GITHUB_JOB ?? 'migration-gate', result.server.origin);
  try {
    const outcome = await upsertComment({
      apiUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
      token,
      repository: process.env.GITHUB_REPOSITORY ?? '',
      pullNumber,
      marker,
      // a pass with a proposal (drift the project rates a warning) still has something to show
      body: result.verdict === 'pass' && !result.proposal ? null : commentBody(result, root, marker),
    });
    if (outcome.action === 'forbidden')
      core.notice(
        "migration-gate could not comment: the token may not write to this pull request (a fork's pull request gets a read-only one). The job summary has the report; docs/action.md shows the two-workflow pattern for forks.",
      );
    else core.info(`Pull-request comment: ${outcome.action}${outcome.url ? ` (${outcome.url})` : ''}.`);
    if (outcome.url) core.setOutput('comment', outcome.url);
  } catch (error) {
    core.warning(`migration-gate could not comment: ${(error as Error).message}`);
  }
}

/** The event that started the run. */
interface Event {
  name: string | undefined;
  payload: EventPayload | null;
}

/** The webhook payload fields that say where a run's changes start, and which pull request it is. */
export interface EventPayload {
  pull_request?: { number?: number; base?: { sha?: string } };
  merge_group?: { base_sha?: string };
  before?: string;
  ref?: string;
}

/** The event that started the run (GITHUB_EVENT_NAME) and its payload (GITHUB_EVENT_PATH), if readable. */
function readEvent(): Event {
  const name = process.env.GITHUB_EVENT_NAME || undefined;
  const file = process.env.GITHUB_EVENT_PATH;
  if (!file || !existsSync(file)) return { name, payload: null };
  try {
    return { name, payload: JSON.parse(readFileSync(file, 'utf8')) as EventPayload };
  } catch {
    return { name, payload: null };
  }
}

/** The base of the history checks, and a line for the job summary that says which and why. */
export interface BaseChoice {
  ref: string | undefined;
  note: string;
  /** Worth an annotation: the user may expect a history check that does not run. */
  notice: boolean;
}

const ZERO_SHA = /^0+$/;

/**
 * The `base` input, or the base the event implies: a pull request's base commit; a merge queue's base
 * (the tip the queued changes are merged onto, so that a migration merged meanwhile counts as
 * released); the commit before a push. `none` turns the history checks off.
 */
export function baseOf(input: string, event: Event): BaseChoice {
  const checked = (ref: string, why: string): BaseChoice => ({
    ref,
    note: `History checked against ${/^[0-9a-f]{40}$/.test(ref) ? ref.slice(0, 7) : ref} (${why}).`,
    notice: false,
  });
  const unchecked = (why: string, notice = false): BaseChoice => ({
    ref: undefined,
    note: `No history check: ${why}.`,
    notice,
  });
  if (input === 'none') return unchecked('the base input is none');
  if (input !== '') return checked(input, 'the base input');
  const { payload } = event;
  if (!payload) return unchecked('no event payload to take a base from; set the base input');
  const name = event.name ?? eventShape(payload);
  switch (name) {
    case 'pull_request':
    case 'pull_request_target': {
      const sha = payload.pull_request?.base?.sha;
      return sha ? checked(sha, `${name}: the pull request's base`) : unchecked(`the ${name} payload has no base sha`);
    }
    case 'merge_group': {
      const sha = payload.merge_group?.base_sha;
      return sha
        ? checked(sha, "merge_group: the merge queue's base")
        : unchecked('the merge_group payload has no base_sha');
    }
    case 'push': {
      const before = payload.before;
      if (!before) return unchecked('the push payload has no before');
      // A new branch or tag has no commit before it: there is nothing released to compare with.
      if (ZERO_SHA.test(before))
        return unchecked(
          `push of a new ${payload.ref?.startsWith('refs/tags/') ? 'tag' : 'branch'} (before is ${before.slice(0, 7)}…)`,
          true,
        );
      return checked(before, 'push: the commit before the push');
    }
    default:
      return unchecked(
        `${name ? `a ${name} event` : 'this event'} has no base; set the base input to check the history`,
      );
  }
}

/** The event's name from its payload, when GITHUB_EVENT_NAME is not set (a local run with a saved payload). */
function eventShape(payload: EventPayload): string | undefined {
  if (payload.pull_request) return 'pull_request';
  if (payload.merge_group) return 'merge_group';
  if (typeof payload.before === 'string' && typeof payload.ref === 'string') return 'push';
  return undefined;
}

const countOf = (result: CheckResult, severity: 'error' | 'warning') =>
  result.findings.filter((finding) => finding.severity === severity).length;
