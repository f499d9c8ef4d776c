import { describe, expect, it } from 'vitest';
import type { Step } from '../../src/chain/types.js';
import { replay, type ReplayEnvironment } from '../../src/replay/replay.js';
import type { Difference } from '../../src/schema/diff.js';
import type { Schema } from '../../src/schema/types.js';
import { aSchema, aTable } from './builders.js';

/**
 * The replay's own rules, on a fake server: a schema held in memory that each step changes. Real
 * servers are the integration tests' part.
 */
function chainOf(names: string[], state: { tables: string[] }): Step[] {
  return names.map((name) => ({
    name,
    file: `/project/migrations/${name}`,
    downFile: null,
    upLine: 1,
    downLine: 2,
    up: async () => void state.tables.push(name),
    down: async () => void (state.tables = state.tables.filter((table) => table !== name)),
  }));
}

function environment(state: { tables: string[] }, overrides: Partial<ReplayEnvironment> = {}) {
  const calls: string[] = [];
  const env: ReplayEnvironment = {
    context: { context: null, library: undefined, sql: async () => {} },
    snapshot: async (): Promise<Schema> => aSchema(...state.tables.map((name) => aTable(name))),
    reset: async () => void (state.tables = []),
    killQueries: async () => {},
    settle: async () => {},
    statements: () => [],
    stepTimeoutMs: 5_000,
    fresh: async () => void calls.push('fresh'),
    verify: async () => {
      calls.push('verify');
      return [];
    },
    ...overrides,
  };
  return { env, calls };
}

describe('replay', () => {
  it('starts each pass on fresh sessions and checks its snapshots with a full read at the end of each', async () => {
    const state = { tables: [] as string[] };
    const { env, calls } = environment(state);
    const result = await replay({ entries: chainOf(['a', 'b'], state) }, env);
    expect(result.problems).toEqual([]);
    expect(result.suspect).toBeNull();
    expect(calls).toEqual(['verify', 'fresh', 'verify', 'fresh', 'verify']);
  });

  it('stops at the first pass whose full read differs from its snapshots, and says which pass and what', async () => {
    const state = { tables: [] as string[] };
    const missed: Difference = {
      kind: 'missing',
      object: 'table',
      table: 'b',
      name: null,
      attribute: null,
      expected: aTable('b'),
      actual: null,
    };
    let verifications = 0;
    const { env } = environment(state, { verify: async () => (++verifications === 2 ? [missed] : []) });
    const result = await replay({ entries: chainOf(['a', 'b'], state) }, env);
    expect(result.suspect).toEqual({ pass: 'down', differences: [missed] });
    // the re-up pass never ran: its verdicts would rest on snapshots that cannot be trusted
    expect(result.steps.map((step) => step.reup.outcome)).toEqual(['skipped', 'skipped']);
  });
});
