import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../integration/helpers.js';

interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
  if?: string;
}
interface Workflow {
  on: unknown;
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
};
const DIR = path.join(ROOT, 'examples/workflows');
const files = readdirSync(DIR).filter((file) => file.endsWith('.yml'));

describe.each(files)('examples/workflows/%s', (file) => {
  const text = readFileSync(path.join(DIR, file), 'utf8');
  const workflow = parse(text) as Workflow;
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const gates = steps.filter((step) => step.uses?.startsWith('OWNER/migration-gate@'));

  it('uses the gate, with inputs the action has', () => {
    expect(gates.length).toBeGreaterThan(0);
    for (const gate of gates) {
      const unknown = Object.keys(gate.with ?? {}).filter((key) => !(key in action.inputs));
      expect(unknown).toEqual([]);
    }
  });

  it('reads only outputs the action has', () => {
    const read = [...text.matchAll(/steps\.(\w+)\.outputs\.([\w-]+)/g)];
    const ids = new Set(gates.map((gate) => gate.id));
    const ofGate = read.filter(([, id]) => ids.has(id));
    for (const [, , output] of ofGate) expect(Object.keys(action.outputs)).toContain(output);
    // every step a workflow reads outputs of is one of its steps
    const all = new Set(steps.map((step) => step.id));
    for (const [, id] of read) expect(all).toContain(id);
  });

  it('grants its token no more than it needs, and never runs a pull request’s code with a write token', () => {
    expect(workflow.permissions).toBeDefined();
    expect(workflow.permissions!.contents).toBe('read');
    expect(JSON.stringify(workflow.on)).not.toContain('pull_request_target');
  });
});

it('has an example for the gate, a services: server, two engines in one job, an engine matrix, the comment with SARIF, pull requests from forks, live, and an Alembic chain', () => {
  expect(files.sort()).toEqual([
    'alembic.yml',
    'comment.yml',
    'engines.yml',
    'fork-comment.yml',
    'fork-gate.yml',
    'gate.yml',
    'live.yml',
    'matrix.yml',
    'services.yml',
  ]);
});
