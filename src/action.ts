import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { check, type CheckResult } from './check.js';
import { loadConfig } from './config/load.js';
import type { RawOptions } from './config/resolve.js';
import { describeError, EXIT, exitCodeOf } from './exit.js';
import { annotations, summaryMarkdown } from './report/github.js';
import { renderJson } from './report/json.js';

/** The action's inputs, named as action.yml names them, for messages about bad input. */
const INPUTS: Record<keyof RawOptions, string> = {
  cwd: 'working-directory',
  migrations: 'migrations',
  model: 'model',
  mysqlImage: 'mysql-image',
  databaseUrl: 'database-url',
  context: 'context',
  tables: 'tables',
  ignoreTables: 'ignore-tables',
  strictNames: 'strict-names',
  strictColumnOrder: 'strict-column-order',
  stepTimeout: 'step-timeout',
  metaTable: 'meta-table',
  irreversible: 'irreversible',
  minimumDowngrade: 'minimum-downgrade',
  base: 'base',
  seed: 'seed',
  seedAfter: 'seed-after',
  env: 'env',
  sequelizeConfig: 'sequelize-config',
  baseline: 'baseline',
  charset: 'charset',
  collation: 'collation',
  newOnly: 'new-only',
};

/** Runs the gate as a GitHub Action step and returns the exit code. */
export async function run(): Promise<number> {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  try {
    const databaseUrl = core.getInput(INPUTS.databaseUrl);
    maskUrlPassword(databaseUrl);
    const config = await loadConfig(
      {
        cwd: path.resolve(workspace, core.getInput(INPUTS.cwd) || '.'),
        migrations: core.getInput(INPUTS.migrations),
        model: core.getInput(INPUTS.model),
        mysqlImage: core.getInput(INPUTS.mysqlImage),
        databaseUrl,
        context: core.getInput(INPUTS.context),
        tables: core.getInput(INPUTS.tables),
        ignoreTables: core.getInput(INPUTS.ignoreTables),
        strictNames: flag(INPUTS.strictNames),
        strictColumnOrder: flag(INPUTS.strictColumnOrder),
        stepTimeout: core.getInput(INPUTS.stepTimeout),
        metaTable: core.getInput(INPUTS.metaTable),
        irreversible: core.getInput(INPUTS.irreversible),
        minimumDowngrade: core.getInput(INPUTS.minimumDowngrade),
        base: baseRef(core.getInput(INPUTS.base)),
        seed: core.getInput(INPUTS.seed),
        seedAfter: core.getInput(INPUTS.seedAfter),
        env: core.getInput(INPUTS.env),
        sequelizeConfig: core.getInput(INPUTS.sequelizeConfig),
        baseline: core.getInput(INPUTS.baseline),
        charset: core.getInput(INPUTS.charset),
        collation: core.getInput(INPUTS.collation),
        newOnly: flag(INPUTS.newOnly),
      },
      core.getInput('config') || null,
      INPUTS,
    );
    const result = await check(config, {
      log: (message) => core.info(message),
      secret: (value) => core.setSecret(value),
      phase: (name, work) => core.group(name, work),
    });
    await publish(result, workspace);
    if (result.verdict === 'fail') core.setFailed(`migration-gate: ${countOf(result, 'error')} error finding(s)`);
    return exitCodeOf(result);
  } catch (error) {
    const message = describeError(error);
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
  core.setOutput('result', result.verdict);
  core.setOutput('errors', countOf(result, 'error'));
  core.setOutput('warnings', countOf(result, 'warning'));
  core.setOutput('report', report);
}

/**
 * The `base` input; unset on a pull_request event, the pull request's base commit from the event payload
 * (fetched if the checkout is shallow). `none` turns the history checks off.
 */
function baseRef(input: string): string | undefined {
  if (input === 'none') return undefined;
  if (input !== '') return input;
  const eventPath = process.env.GITHUB_EVENT_PATH;
  if (!eventPath || !existsSync(eventPath)) return undefined;
  try {
    const event = JSON.parse(readFileSync(eventPath, 'utf8')) as { pull_request?: { base?: { sha?: string } } };
    return event.pull_request?.base?.sha;
  } catch {
    return undefined;
  }
}

/** An unset boolean input is undefined, so that the config file's value stands. */
function flag(name: string): boolean | undefined {
  const value = core.getInput(name);
  return value === '' ? undefined : /^(true|yes|on|1)$/i.test(value);
}

function maskUrlPassword(url: string): void {
  try {
    const password = decodeURIComponent(new URL(url).password);
    if (password) core.setSecret(password);
  } catch {
    // not a URL: resolveConfig says so
  }
}

const countOf = (result: CheckResult, severity: 'error' | 'warning') =>
  result.findings.filter((finding) => finding.severity === severity).length;
