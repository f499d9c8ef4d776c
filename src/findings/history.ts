import type { Step } from '../chain/types.js';
import type { DataCheck, DataLoss } from '../data/types.js';
import type { History, HistoryChange } from '../history/changes.js';
import type { ReviewEvidence } from '../history/review.js';
import type { UpgradePath, UpgradeResult } from '../history/upgrade.js';
import { diffSchemas } from '../schema/diff.js';
import type { Schema } from '../schema/types.js';
import { describeDifference, type Sides } from './describe.js';
import { cosmeticFinding, splitCosmetic, type Strictness } from './make.js';
import type { Finding } from './types.js';

const UPGRADE_SIDES: Sides = { expected: 'fresh database', actual: 'upgraded database' };

const none: Pick<Finding, 'table' | 'column' | 'direction' | 'differences'> = {
  table: null,
  column: null,
  direction: null,
  differences: [],
};

/** The findings of the history, upgrade-path and data checks. */
export function reviewFindings(evidence: ReviewEvidence, strictness: Strictness): Finding[] {
  const { history, upgrade } = evidence;
  return [
    ...(history ? historyFindings(history) : []),
    ...(upgrade ? upgradeFindings(upgrade.path, upgrade.result, upgrade.fresh, history, upgrade.sha, strictness) : []),
    ...(upgrade?.result.data ? dataFindings(upgrade.result.data, upgrade.path.steps) : []),
  ];
}

/** What the pull request did to released migrations: one finding per change. */
export function historyFindings(history: History): Finding[] {
  return history.changes.map(historyFinding);
}

function historyFinding(change: HistoryChange): Finding {
  switch (change.kind) {
    case 'edited':
      return {
        ...none,
        kind: 'edited-migration',
        severity: change.whitespaceOnly ? 'warning' : 'error',
        message: change.whitespaceOnly
          ? `released migration ${change.name} was edited (+${change.added} −${change.removed} lines), in whitespace or line endings only: nothing a database sees`
          : `released migration ${change.name} was edited (+${change.added} −${change.removed} lines): databases that already ran it never run the new version, so they and fresh databases part ways; make the change in a new migration`,
        file: change.file,
        line: change.line,
        migration: change.name,
      };
    case 'deleted':
      return {
        ...none,
        kind: 'deleted-migration',
        severity: 'error',
        message: `released migration ${change.name} was deleted: databases that ran it keep what it did, fresh databases never get it; undo it with a new migration instead`,
        file: change.file,
        line: null,
        migration: change.name,
      };
    case 'renamed':
      return {
        ...none,
        kind: 'renamed-migration',
        severity: 'error',
        message: `${change.name} is the released migration ${change.from} renamed: umzug knows migrations by name, so databases that ran ${change.from} run it again as ${change.name}`,
        file: change.file,
        line: 1,
        migration: change.name,
      };
    case 'back-dated':
      return {
        ...none,
        kind: 'out-of-order',
        severity: 'error',
        message: `new migration ${change.name} sorts before the released ${change.newest}: existing databases run it after ${change.newest}, fresh ones before it; give it a name that sorts last`,
        file: change.file,
        line: 1,
        migration: change.name,
      };
  }
}

/**
 * Findings of the upgrade path: a new migration that fails on an upgraded database, and any difference
 * between the upgraded database and a fresh one, charged to the migrations whose history explains it.
 */
export function upgradeFindings(
  path: UpgradePath,
  result: UpgradeResult,
  fresh: Schema | null,
  history: History | null,
  sha: string | null,
  strictness: Strictness,
): Finding[] {
  const from = sha ? `upgraded from ${sha.slice(0, 7)}` : 'with rows in it';
  const seeded = (i: number) => (path.seed && path.seed.after <= i ? ' with the seeded rows' : '');
  if (result.failure) {
    const { step: i, failure } = result.failure;
    const step = path.steps[i]!;
    if (i < path.released)
      return [
        {
          ...none,
          kind: 'unchecked',
          severity: 'warning',
          message: `the upgrade path was not checked: the base's ${step.name} fails${seeded(i)}: ${failure.message}`,
          file: null,
          line: null,
          migration: step.name,
        },
      ];
    return [
      {
        ...none,
        kind: 'upgrade-error',
        severity: 'error',
        message: `${step.name} fails on a database ${from}${seeded(i)}, though it runs on a fresh one: ${failure.message}`,
        file: failure.file,
        line: failure.line,
        migration: step.name,
        direction: 'up',
      },
    ];
  }
  if (!history || !fresh || !result.schema) return [];
  const { substantive, cosmetic } = splitCosmetic(diffSchemas(fresh, result.schema));
  const { names, ...where } = involved(history, path);
  const findings: Finding[] = [];
  if (substantive.length > 0)
    findings.push({
      ...none,
      ...where,
      kind: 'upgrade-mismatch',
      severity: 'error',
      message: `a database ${from} differs from a fresh one after the pull request's chain (${names}): ${substantive.map((difference) => describeDifference(difference, UPGRADE_SIDES)).join('; ')}`,
      table: substantive[0]!.table,
      column: substantive[0]!.object === 'column' ? substantive[0]!.name : null,
      differences: substantive,
      sides: UPGRADE_SIDES,
    });
  for (const difference of cosmetic)
    findings.push({
      ...cosmeticFinding(difference, UPGRADE_SIDES, strictness),
      ...where,
      direction: null,
      message: `${from}: ${describeDifference(difference, UPGRADE_SIDES)}`,
    });
  return findings;
}

/**
 * Where an upgrade difference is charged: the changed released migrations that explain it, else the new
 * ones. An edited migration is annotated on its changed line.
 */
function involved(
  history: History,
  path: UpgradePath,
): Pick<Finding, 'file' | 'line' | 'migration'> & { names: string } {
  const changed = history.changes.filter((change) => !(change.kind === 'edited' && change.whitespaceOnly));
  const labels = changed.length > 0 ? changed.map(changeLabel) : history.added.map((name) => `new ${name}`);
  const names = labels.length > 0 ? `involved: ${labels.join(', ')}` : 'no migration changed';
  const change = changed.find((item) => item.kind !== 'deleted');
  const stepNamed = (name: string | undefined) => path.steps.find((step) => step.name === name);
  if (change)
    return {
      names,
      file: change.file,
      line: change.kind === 'edited' ? change.line : (stepNamed(change.name)?.upLine ?? 1),
      migration: change.name,
    };
  const step = stepNamed(history.added[0]);
  return { names, file: step?.file ?? null, line: step?.upLine ?? null, migration: step?.name ?? null };
}

function changeLabel(change: HistoryChange): string {
  if (change.kind === 'renamed') return `${change.from} renamed to ${change.name}`;
  return `${change.kind} ${change.name}`;
}

/** Seeded data a step lost or changed: one finding per loss, on the step. */
export function dataFindings(data: DataCheck, steps: Step[]): Finding[] {
  return data.losses.map(({ step: i, loss }) => {
    const step = steps[i]!;
    return {
      ...none,
      kind: 'data-loss',
      severity: 'error',
      message: `${step.name} ${describeLoss(loss)}`,
      file: step.file,
      line: step.upLine,
      table: loss.table,
      column: loss.kind === 'rows-lost' ? null : loss.column,
      migration: step.name,
      direction: 'up',
    };
  });
}

function describeLoss(loss: DataLoss): string {
  switch (loss.kind) {
    case 'rows-lost':
      return `loses ${loss.lost} of ${loss.of} seeded row(s) of ${loss.table}`;
    case 'values-changed':
      return loss.column === null
        ? `changes ${loss.changed} of ${loss.of} seeded row(s) of ${loss.table} (the table has no primary key to say which column)`
        : `changes ${loss.changed} of ${loss.of} seeded value(s) of ${loss.table}.${loss.column}, e.g. ${quote(loss.example!.before)} became ${quote(loss.example!.after)}`;
    case 'column-replaced':
      return `drops ${loss.table}.${loss.column} (${loss.values} value(s)) and adds ${loss.table}.${loss.by} without them: a rename done as drop + add loses the data; use renameColumn`;
  }
}

function quote(value: string | null): string {
  return value === null ? 'NULL' : `'${value.length > 40 ? `${value.slice(0, 37)}…` : value}'`;
}
