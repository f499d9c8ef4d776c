import { execFile, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, type CheckResult } from '../../src/check.js';
import { loadConfig } from '../../src/config/load.js';
import type { RawOptions } from '../../src/config/resolve.js';
import type { Finding, FindingKind } from '../../src/findings/types.js';

/** The repository: the nearest folder up with migration-gate's package.json (scripts run this bundled). */
export const ROOT = repositoryRoot(path.dirname(fileURLToPath(import.meta.url)));

function repositoryRoot(from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'migration-gate'
    )
      return dir;
  }
  throw new Error(`no migration-gate package.json above ${from}`);
}
export const FIXTURES = path.join(ROOT, 'test/fixtures');
export const TODOBOX = path.join(ROOT, 'examples/todobox');

/**
 * A scratch copy of a project inside the repository (test/.tmp), so that its `require('sequelize')`
 * still finds the repository's node_modules, with files replaced or removed.
 */
export function projectCopy(
  source: string,
  changes: { write?: Record<string, string>; remove?: string[]; overlay?: string } = {},
): string {
  const base = path.join(ROOT, 'test/.tmp');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(path.join(base, `${path.basename(source)}-`));
  cpSync(source, dir, { recursive: true, filter: (file) => !file.includes('node_modules') });
  if (changes.overlay) cpSync(changes.overlay, dir, { recursive: true });
  for (const file of changes.remove ?? []) rmSync(path.join(dir, file));
  for (const [file, text] of Object.entries(changes.write ?? {})) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

interface Variant {
  description: string;
  remove?: string[];
  edit?: { file: string; replace: string; with: string }[];
}

/**
 * A todobox variant from test/fixtures/todobox-variants/<name>: its files overlaid on a copy of the
 * example, then variant.json's `remove` and `edit` (exact text replacements, each of which must match).
 */
export function todoboxVariant(name: string): string {
  const overlay = path.join(FIXTURES, 'todobox-variants', name);
  const variant = JSON.parse(readFileSync(path.join(overlay, 'variant.json'), 'utf8')) as Variant;
  const dir = projectCopy(TODOBOX, { overlay, remove: variant.remove ?? [] });
  rmSync(path.join(dir, 'variant.json'));
  for (const edit of variant.edit ?? []) {
    const file = path.join(dir, edit.file);
    const text = readFileSync(file, 'utf8');
    if (!text.includes(edit.replace))
      throw new Error(`variant ${name}: ${edit.file} has no ${JSON.stringify(edit.replace)}`);
    writeFileSync(file, text.replace(edit.replace, edit.with));
  }
  return dir;
}

/** The 1-based line of the first line of `file` in `dir` that contains `text`. */
export function lineOf(dir: string, file: string, text: string): number {
  const index = readFileSync(path.join(dir, file), 'utf8')
    .split('\n')
    .findIndex((line) => line.includes(text));
  if (index === -1) throw new Error(`${file} has no line with ${text}`);
  return index + 1;
}

/** check() as the CLI runs it: the project's config file, if any, under the given options. */
export async function runCheck(
  url: string,
  options: RawOptions,
  configFile: string | null = null,
): Promise<CheckResult> {
  return check(await loadConfig({ ...options, databaseUrl: url }, configFile));
}

export function kinds(result: CheckResult, severity: Finding['severity'] = 'error'): FindingKind[] {
  return result.findings.filter((finding) => finding.severity === severity).map((finding) => finding.kind);
}

export function relative(result: CheckResult, finding: Finding): string | null {
  return finding.file && path.relative(result.cwd, finding.file);
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (dist/cli.js) as a user would. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'dist/cli.js'), ...args],
      { env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export interface ActionRun {
  code: number;
  stdout: string;
  summary: string;
  outputs: Record<string, string>;
}

/** The event that started the run: GITHUB_EVENT_NAME, and the webhook payload in GITHUB_EVENT_PATH. */
export interface ActionEvent {
  name: string;
  payload: object;
}

/**
 * Runs the committed bundle exactly as the runner does: `node dist/index.js` with the inputs in INPUT_*
 * variables (hyphens kept, as in INPUT_MYSQL-IMAGE), GITHUB_WORKSPACE, the event, and real summary and
 * output files.
 */
export function runAction(
  workspace: string,
  inputs: Record<string, string>,
  event?: ActionEvent,
  /** More of the runner's variables (GITHUB_API_URL, GITHUB_REPOSITORY, …). */
  runner: NodeJS.ProcessEnv = {},
): Promise<ActionRun> {
  const temp = mkdtempSync(path.join(tmpdir(), 'migration-gate-action-'));
  const summaryFile = path.join(temp, 'summary.md');
  const outputFile = path.join(temp, 'output.txt');
  writeFileSync(summaryFile, '');
  writeFileSync(outputFile, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DOCKER_HOST: process.env.DOCKER_HOST,
    TESTCONTAINERS_RYUK_DISABLED: process.env.TESTCONTAINERS_RYUK_DISABLED,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    RUNNER_TEMP: temp,
    ...runner,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  if (event) {
    env.GITHUB_EVENT_NAME = event.name;
    env.GITHUB_EVENT_PATH = path.join(temp, 'event.json');
    writeFileSync(env.GITHUB_EVENT_PATH, JSON.stringify(event.payload, null, 2));
  }
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'dist/index.js')], { env, maxBuffer: 16 << 20 }, (error, stdout) => {
      resolve({
        code: error ? Number(error.code) : 0,
        stdout,
        summary: readFileSync(summaryFile, 'utf8'),
        outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
      });
    });
  });
}

/** GITHUB_OUTPUT holds `name<<DELIMITER\nvalue\nDELIMITER` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const match of text.matchAll(/^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm)) outputs[match[1]!] = match[3]!;
  return outputs;
}

/** The container a CLI run started, from its progress line `container <id> is up`. */
export function containerOf(stderr: string): string {
  const id = stderr.match(/container ([0-9a-f]{12}) is up/)?.[1];
  if (!id) throw new Error(`no container in:\n${stderr}`);
  return id;
}

/** True while a container with this id exists, running or not. */
export function exists(id: string): boolean {
  return execFileSync('docker', ['ps', '-aq', '--filter', `id=${id}`], { encoding: 'utf8' }).trim() !== '';
}

export interface Interrupted {
  /** The container the run had started, and whether it existed when the signal was sent. */
  container: string;
  existed: boolean;
  code: number | null;
  /** From the signal to the process's end. */
  ms: number;
}

/** Runs the built CLI until its progress on stderr includes `when`, then sends it `signal`. */
export async function interruptCli(args: string[], when: string, signal: NodeJS.Signals): Promise<Interrupted> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/cli.js'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (status) => resolve(status)));
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes(when)) resolve();
      });
      child.on('exit', () => reject(new Error(`exited before ${when}:\n${stderr}`)));
    });
    const container = containerOf(stderr);
    const existed = exists(container);
    const signalled = Date.now();
    child.kill(signal);
    const code = await exited;
    return { container, existed, code, ms: Date.now() - signalled };
  } finally {
    child.kill('SIGKILL');
  }
}
