import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanupOnSignal } from '../database/cleanup.js';

/** How a command ended: its exit code (null when a signal ended it) and what it printed, interleaved. */
export interface Ran {
  code: number | null;
  stdout: string;
  /** stdout and stderr in the order they came. */
  output: string;
  ms: number;
}

/**
 * A command of the project's tool, run through the shell in its own process group, so that a step that
 * hangs is stopped with everything it started (the shell, the tool, the tool's children).
 */
export class ToolProcess {
  #child: ChildProcess | null = null;
  /** Settles when the running command has ended. */
  #ended: Promise<void> = Promise.resolve();

  run(command: string, options: { cwd: string; env: Record<string, string> }): Promise<Ran> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', command], {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        // the tool never waits for a terminal: a prompt reads end of input and fails
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      this.#child = child;
      this.#ended = new Promise((ended) => child.once('exit', () => ended()));
      let stdout = '';
      let output = '';
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        output += chunk;
      });
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => void (output += chunk));
      child.on('error', reject);
      child.on('close', (code) => {
        if (this.#child === child) this.#child = null;
        // what the step left running in the background is no step's any more
        killGroup(child.pid);
        resolve({ code, stdout, output, ms: performance.now() - started });
      });
    });
  }

  /** Stops the running command and all it started, and waits for it to end; nothing when none runs. */
  kill(): Promise<void> {
    killGroup(this.#child?.pid);
    return this.#ended;
  }
}

/** Kills a process group (a detached child and all it started); nothing when it is gone. */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // it ended meanwhile
  }
}

/**
 * Runs a command that must end within `ms` (a listing, a model printer): how it ended, or null when it
 * did not end in time, stopped then with what it started.
 */
export async function runToEnd(
  command: string,
  options: { cwd: string; env: Record<string, string>; ms: number },
): Promise<Ran | null> {
  const tool = new ToolProcess();
  // its own process group: Ctrl-C at a terminal does not reach it
  const unregister = cleanupOnSignal(() => tool.kill());
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), options.ms)));
  try {
    const ran = await Promise.race([tool.run(command, options), late]);
    if (ran === null) await tool.kill();
    return ran;
  } finally {
    clearTimeout(timer);
    unregister();
  }
}

/** The last line of a command's output that says something: a tool's error comes last. */
export function lastWords(output: string): string | null {
  return (
    output
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .at(-1) ?? null
  );
}

/** A word for the shell: as it is when it holds nothing the shell reads, single-quoted otherwise. */
export function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs a command that must end within `ms` and exit 0: its stdout, or `fail` told why not (it did not end,
 * it exited non-zero and how, or `check` found its output wanting).
 */
export async function runOrExplain(
  command: string,
  options: { cwd: string; env: Record<string, string>; ms: number },
  fail: (problem: string) => Error,
  check: (stdout: string) => string | null = () => null,
): Promise<string> {
  const ran = await runToEnd(command, options);
  if (ran === null) throw fail(`did not end within ${options.ms / 1000} s`);
  if (ran.code !== 0) throw fail(`failed with exit code ${ran.code}: ${lastWords(ran.output) ?? ''}`);
  const wanting = check(ran.stdout);
  if (wanting) throw fail(wanting);
  return ran.stdout;
}

/** The absolute path of an executable on PATH, or null. */
export function onPath(name: string, searchPath = process.env.PATH ?? ''): string | null {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

const PYTHON = /^python[\d.]*$/;

/**
 * The Python a script's `#!` line runs it with: `/usr/bin/python3`, `/usr/bin/env python3`, or the one pip's
 * launcher for long paths execs (`#!/bin/sh` then `'''exec' /venv/bin/python "$0" "$@"`). Null for anything
 * else, such as a version manager's shell shim.
 */
export function interpreterOf(script: string): string[] | null {
  let head: string[];
  try {
    head = readFileSync(script, 'utf8').slice(0, 1024).split('\n');
  } catch {
    return null;
  }
  if (!head[0]!.startsWith('#!')) return null;
  const words = head[0]!.slice(2).trim().split(/\s+/);
  const [first, second] = words;
  if (first && PYTHON.test(path.basename(first))) return [first];
  if (first && path.basename(first) === 'env' && second && PYTHON.test(path.basename(second))) return [first, second];
  // distlib (pip) quotes a path with spaces in double quotes, uv in single quotes
  const quoted = head[1]?.match(/^'''exec' (?:'([^']+)'|"([^"]+)"|(\S+)) /);
  const launcher = quoted && (quoted[1] ?? quoted[2] ?? quoted[3]);
  return launcher && PYTHON.test(path.basename(launcher)) ? [launcher] : null;
}
