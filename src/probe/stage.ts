import { readFile } from 'node:fs/promises';
import type { ChainTool } from '../chain/tool.js';
import { sameMigration } from '../chain/names.js';
import { isStep, type LoadFailure, type Step } from '../chain/types.js';
import type { Config } from '../config/types.js';
import type { Server } from '../database/server.js';
import { removals, type BaseModel, type SafetyEvidence } from '../findings/safety.js';
import type { BaseTree } from '../history/git.js';
import type { ReplayResult } from '../replay/types.js';
import { diffSchemas } from '../schema/diff.js';
import { describeFlavor } from '../schema/flavor.js';
import type { Schema } from '../schema/types.js';
import { probeSteps, type TableDdl } from './run.js';
import type { Measured } from './types.js';

/** What the report shows of the probe: each statement measured, with the server's choice. */
export interface ProbeReport {
  server: string;
  /** How many steps were probed, and how many of their statements could not be measured. */
  steps: number;
  unmeasured: number;
  statements: (Pick<Measured, 'sql' | 'table' | 'algorithm' | 'online' | 'rebuild' | 'reason'> & {
    migration: string;
  })[];
  /** Copying each step's schema during the replay, and probing after it (not reading the base's model). */
  ms: number;
}

/**
 * The steps whose statements are probed: those the base commit has no file of (a migration released
 * already ran on production, whatever it cost), or every one with --lint-all. None when every kind the
 * probe makes is off.
 */
export async function stepsToProbe(
  config: Pick<Config, 'lintAll' | 'tool' | 'severity'>,
  entries: (Step | LoadFailure)[],
  tree: BaseTree | null,
  tool: ChainTool,
): Promise<Set<number>> {
  const kinds = ['table-copy', 'write-lock', 'rebuild', 'destructive', 'breaking-change'] as const;
  if (kinds.every((kind) => config.severity[kind] === 'off')) return new Set();
  if (!config.lintAll && tree === null) return new Set();
  const released = config.lintAll ? [] : await releasedNames(tree!, tool);
  const fresh = entries.flatMap((entry, i) =>
    isStep(entry) && !released.some((name) => sameMigration(name, entry.name)) ? [i] : [],
  );
  return new Set(fresh);
}

async function releasedNames(tree: BaseTree, tool: ChainTool): Promise<string[]> {
  // a base without migrations yet: every one is new
  return (await tool.released(tree.projectDir)).map((file) => tool.nameOf(file));
}

/**
 * Probes the steps whose schema was copied during the replay (`ddl`, before each ran), and gathers what
 * the safety findings are made from; the base commit's model is read only when a step removes something.
 */
export async function probeStage(input: {
  server: Server;
  config: Config;
  /**
   * Whether the steps' statements are the gate's to try on a copy (chain/tool.ts `watched`); else what a
   * step destroys or breaks is read from the schema before and after it alone (a rename is a drop and an add).
   */
  measures: boolean;
  /** The chain's schema. */
  schema: string;
  entries: (Step | LoadFailure)[];
  replayed: Pick<ReplayResult, 'snapshots' | 'firstUp'>;
  ddl: Map<number, TableDdl[]>;
  /** Time spent copying the schemas during the replay. */
  captureMs: number;
  /** The base commit's model, or why it could not be read. */
  baseModel: () => Promise<BaseModel | string | null>;
  /** The working tree's model, when it was compared. */
  headModel: Schema | null;
  log: (message: string) => void;
}): Promise<{ evidence: SafetyEvidence; report: ProbeReport; notes: string[] }> {
  const started = performance.now();
  const { snapshots, firstUp } = input.replayed;
  // a step that failed is a migration-error: what it would cost is moot
  const ran = [...input.ddl.keys()].filter((i) => snapshots[i + 1] !== undefined).sort((a, b) => a - b);
  const probes = input.measures
    ? await probeSteps({
        server: input.server,
        chain: input.schema,
        defaults: input.config,
        steps: ran.map((index) => ({
          index,
          ddl: input.ddl.get(index)!,
          before: snapshots[index]!,
          after: snapshots[index + 1]!,
          statements: firstUp[index] ?? [],
        })),
      })
    : ran.map((step) => ({ step, measured: [], unmeasured: [], truncated: [], renamed: [], stopped: null }));
  const removes = ran.some((i) => removals(diffSchemas(snapshots[i]!, snapshots[i + 1]!), new Map()).length > 0);
  const files = [...new Set(ran.map((i) => input.entries[i]!.file))];
  const sources = Object.fromEntries(
    await Promise.all(files.map(async (file) => [file, await readFile(file, 'utf8').catch(() => '')] as const)),
  );
  const server = describeFlavor(input.server.flavor);
  const probedMs = input.captureMs + performance.now() - started;
  const modelStarted = performance.now();
  const baseModel = removes ? await input.baseModel() : null;
  const modelMs = performance.now() - modelStarted;
  const evidence: SafetyEvidence = {
    server,
    probes,
    snapshots,
    added: input.config.lintAll ? null : new Set(input.ddl.keys()),
    sources,
    baseModel: typeof baseModel === 'string' ? null : baseModel,
    headModel: input.headModel,
  };
  const statements = probes.flatMap((probe) =>
    probe.measured.map(({ sql, table, algorithm, online, rebuild, reason }) => ({
      migration: input.entries[probe.step]!.name,
      sql,
      table,
      algorithm,
      online,
      rebuild,
      reason,
    })),
  );
  input.log(
    `probed ${statements.length} statement(s) of ${probes.length} migration(s) on ${server} in ${Math.round(probedMs)} ms${removes ? `, then read the base commit's model in ${Math.round(modelMs)} ms` : ''}`,
  );
  return {
    evidence,
    notes: [
      ...(typeof baseModel === 'string' ? [baseModel] : []),
      ...(input.measures
        ? []
        : [
            `What the new migrations cost (table copies, locks) was not measured: ${input.config.tool.kind}'s steps send statements the gate does not see. What they destroy and break is judged from the schema before and after each, where a rename shows as a drop.`,
          ]),
    ],
    report: {
      server,
      steps: probes.length,
      unmeasured: probes.reduce((sum, probe) => sum + probe.unmeasured.length, 0),
      statements,
      ms: probedMs,
    },
  };
}
