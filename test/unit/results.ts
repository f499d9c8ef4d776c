import type { CheckResult } from '../../src/check.js';
import type { Finding } from '../../src/findings/types.js';
import type { Outcome, StepReport } from '../../src/replay/types.js';
import type { Difference } from '../../src/schema/diff.js';
import { parseFlavor } from '../../src/schema/flavor.js';
import { anIndex } from './builders.js';

/** Hand-built check results for the renderers' tests. */
export const CWD = '/project';

export function aStepReport(
  name: string,
  up: Outcome,
  down: Outcome,
  reup: Outcome,
  ms: (number | null)[] = [100, 50, 80],
): StepReport {
  return {
    name,
    file: `${CWD}/migrations/${name}`,
    up: { outcome: up, ms: ms[0] ?? null },
    down: { outcome: down, ms: ms[1] ?? null },
    reup: { outcome: reup, ms: ms[2] ?? null },
    log: '',
  };
}

export function aFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    kind: 'migration-error',
    severity: 'error',
    message: 'something went wrong',
    file: `${CWD}/migrations/002-add-token.js`,
    line: 12,
    table: null,
    column: null,
    migration: '002-add-token.js',
    direction: 'up',
    differences: [],
    ...overrides,
  };
}

export const typeChange: Difference = {
  kind: 'changed',
  object: 'column',
  table: 'user',
  name: 'api_token',
  attribute: 'type',
  expected: 'varchar(64)',
  actual: 'varchar(32)',
};
export const missingIndex: Difference = {
  kind: 'missing',
  object: 'index',
  table: 'user',
  name: 'ix_user_api_token',
  attribute: null,
  expected: anIndex('ix_user_api_token', ['api_token']),
  actual: null,
};

export function aResult(overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    verdict: 'fail',
    server: { flavor: parseFlavor('8.4.3'), origin: 'container mysql:8.4' },
    context: 'sequelize',
    cwd: CWD,
    steps: [
      aStepReport('001-create-user.js', 'ok', 'ok', 'ok', [120, 30, 100]),
      aStepReport('002-add-token.js', 'ok', 'mismatch', 'skipped', [12_000, 345, null]),
      aStepReport('003-no-down.js', 'ok', 'irreversible', 'skipped', [null, null, null]),
    ],
    findings: [
      aFinding({
        kind: 'down-mismatch',
        message: 'down of 002-add-token.js does not restore the schema',
        direction: 'down',
        differences: [typeChange, missingIndex],
        sides: { expected: 'schema before the step', actual: 'schema after its down' },
      }),
      aFinding({ kind: 'name-only', severity: 'warning', message: 'index renamed', line: null, differences: [] }),
      aFinding({
        kind: 'drift',
        message: 'user.api_token type: model varchar(64), migrations varchar(32)',
        file: `${CWD}/models/user.js`,
        line: 7,
        direction: null,
        differences: [typeChange],
        sides: { expected: 'model', actual: 'migrations' },
      }),
      aFinding({ kind: 'irreversible', message: '003-no-down.js has no down', file: null, line: null }),
    ],
    model: { kind: 'sequelize', files: [`${CWD}/models/user.js`, `${CWD}/models/index.js`], tables: ['user', 'org'] },
    schema: null,
    compared: ['user', 'org'],
    coverage: {
      steps: 3,
      up: 3,
      down: 2,
      reup: 1,
      expected: { up: 3, down: 3, reup: 3 },
      tables: { compared: 2, model: 2 },
      gaps: [],
    },
    loadLog: '',
    notes: ['A note for the reader.'],
    history: null,
    probe: null,
    baseline: null,
    live: null,
    engines: null,
    timings: { serverMs: 4_200, replayMs: 12_345, upgradeMs: 0, probeMs: 0, modelMs: 800, totalMs: 17_345 },
    snapshots: { count: 4, p50Ms: 20, p95Ms: 31, reads: { all: 2, some: 1, none: 1, same: 0 } },
    ...overrides,
  };
}

export const PASSING = aResult({
  verdict: 'pass',
  steps: [aStepReport('001-create-user.js', 'ok', 'ok', 'ok')],
  findings: [aFinding({ kind: 'column-order', severity: 'warning', message: 'columns of user are in another order' })],
  notes: [],
});

/** The rows of the chain table, each split into its cells. */
