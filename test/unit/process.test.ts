import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { interpreterOf, onPath } from '../../src/project/process.js';
import { PythonStarter } from '../../src/project/starter.js';

const dir = mkdtempSync(path.join(tmpdir(), 'migration-gate-process-'));

/** A script with these lines, as pip, Debian or a version manager install one. */
function script(name: string, ...lines: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe("the Python a tool's script runs with", () => {
  it("reads the #! line, env's argument, and pip's launcher for long paths", () => {
    expect(interpreterOf(script('debian', '#!/usr/bin/python3', 'import sys'))).toEqual(['/usr/bin/python3']);
    expect(interpreterOf(script('env', '#!/usr/bin/env python3.12'))).toEqual(['/usr/bin/env', 'python3.12']);
    expect(
      interpreterOf(script('pip', '#!/bin/sh', `'''exec' '/very/long/venv/bin/python' "$0" "$@"`, "' '''")),
    ).toEqual(['/very/long/venv/bin/python']);
  });

  it("is none for a version manager's shell shim, or no script", () => {
    expect(interpreterOf(script('shim', '#!/usr/bin/env bash', 'exec pyenv exec alembic "$@"'))).toBeNull();
    expect(interpreterOf(script('binary', 'ELF'))).toBeNull();
    expect(interpreterOf(path.join(dir, 'missing'))).toBeNull();
  });
});

// any Python will do: the fork server imports what it finds of Alembic and SQLAlchemy
const python = onPath('python3') ?? '/usr/bin/python3';
const module = (name: string, ...lines: string[]) => writeFileSync(path.join(dir, `${name}.py`), lines.join('\n'));

describe('the Python fork server', () => {
  let starter: PythonStarter;
  afterEach(() => starter.kill());

  it('runs each step in a child: its output, its exit code, a traceback or SystemExit as python -m prints them', async () => {
    starter = new PythonStarter([python], () => ({ GREETING: 'hello' }));
    module(
      'greets',
      'import os, sys',
      'print(os.environ["GREETING"], sys.argv[1:])',
      'print("to stderr", file=sys.stderr)',
    );
    module('fails', 'raise RuntimeError("no such column")');
    module('exits', 'import sys', 'sys.exit("FAILED: Multiple head revisions")');
    module('prompts', 'input("continue? ")');
    const greeted = await starter.run({ module: 'greets', args: ['a', 'b'], cwd: dir });
    expect(greeted).toMatchObject({ code: 0, output: "hello ['a', 'b']\nto stderr\n" });
    const failed = await starter.run({ module: 'fails', args: [], cwd: dir });
    expect(failed.code).toBe(1);
    expect(failed.output).toMatch(/File ".*fails\.py", line 1[\s\S]*RuntimeError: no such column/);
    expect(await starter.run({ module: 'exits', args: [], cwd: dir })).toMatchObject({
      code: 1,
      output: 'FAILED: Multiple head revisions\n',
    });
    // no input to wait for: a prompt fails at once
    expect((await starter.run({ module: 'prompts', args: [], cwd: dir })).output).toMatch(/EOFError/);
  });

  it('starts afresh after a step is stopped, and answers each request its own', async () => {
    starter = new PythonStarter([python], () => ({}));
    module('hangs', 'import time', 'time.sleep(60)');
    module('says', 'import sys', 'print(sys.argv[1])');
    const hanging = starter.run({ module: 'hangs', args: [], cwd: dir });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await starter.kill();
    await expect(hanging).rejects.toThrow(/the Python that runs the steps ended/);
    const replies = await Promise.all(
      ['one', 'two', 'three'].map((word) => starter.run({ module: 'says', args: [word], cwd: dir })),
    );
    expect(replies.map((reply) => reply.output)).toEqual(['one\n', 'two\n', 'three\n']);
  });

  it('fails a step, not the gate, when the Python cannot start', async () => {
    starter = new PythonStarter([path.join(dir, 'no-python')], () => ({}));
    await expect(starter.run({ module: 'says', args: ['x'], cwd: dir })).rejects.toThrow(/ended/);
  });
});
