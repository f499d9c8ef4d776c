import type { Chain } from '../chain/types.js';
import type { Config } from '../config/types.js';
import type { Server } from '../database/server.js';
import { incrementalSnapshots, type RecordedDdl, type Snapshots } from '../schema/incremental.js';
import { readDdl, readDdlCounters } from '../schema/inspect.js';
import type { schemaReader } from '../schema/reader.js';
import { replay, type ReplayEnvironment } from './replay.js';
import type { ChainKind, ReplayResult, ReplaySession } from './types.js';

export interface ChainReplay {
  kind: ChainKind;
  replayed: ReplayResult;
  /** What the incremental snapshots missed, when the replay ran again on full reads. */
  suspect: ReplayResult['suspect'];
  reads: Snapshots['reads'];
}

/**
 * Replays the chain in `schema` on the project's own session, snapshotting incrementally (the statements
 * the session sent tell which tables a step changed). When the self-check at the end of a pass finds the
 * snapshots missed something, the schema is emptied and the whole replay runs again on full reads: a
 * blind spot of the snapshots costs time, never the verdict.
 */
export async function replayChain(input: {
  server: Server;
  openSession: (schema: string) => Promise<ReplaySession>;
  chain: Chain;
  schema: string;
  read: ReturnType<typeof schemaReader>;
  config: Pick<Config, 'stepTimeoutMs'>;
  keep: number;
  upOnly: boolean;
  log: (message: string) => void;
  onStep: ReplayEnvironment['onStep'];
  beforeUp?: ReplayEnvironment['beforeUp'];
  /** Where the snapshots keep each table's DDL, for the probe's copies too. */
  recorded: RecordedDdl;
}): Promise<ChainReplay> {
  const { server, schema } = input;
  const sent: string[] = [];
  const snapshots = incrementalSnapshots(
    {
      read: (tables, withDdl) => input.read(tables, true, withDdl ? tables : undefined),
      counters: () => readDdlCounters(server.admin),
      ddl: (present, options) => readDdl(server.admin, schema, present, options),
      statements: () => sent.splice(0),
    },
    schema,
    input.recorded,
  );
  await using session = await input.openSession(schema);
  const run = () => replay(input.chain, environment(session, snapshots, sent, input));
  const first = await run();
  if (first.suspect === null) return { kind: session.kind, replayed: first, suspect: null, reads: snapshots.reads };
  input.log(
    `the incremental snapshots differed from a full read after the ${first.suspect.pass} pass: replaying with full reads`,
  );
  await server.emptySchema(schema);
  snapshots.invalidate();
  await session.renew();
  return { kind: session.kind, replayed: await run(), suspect: first.suspect, reads: snapshots.reads };
}

function environment(
  session: ReplaySession,
  snapshots: Snapshots,
  sent: string[],
  input: Parameters<typeof replayChain>[0],
): ReplayEnvironment {
  return {
    context: session.step,
    snapshot: (expected) => snapshots.snapshot(expected),
    reset: async () => {
      await input.server.emptySchema(input.schema);
      snapshots.invalidate();
    },
    killQueries: () => session.killQueries(),
    settle: (ms) => session.settle(ms),
    // every statement, refused ones too: the server counts those as DDL as well
    statements: () => {
      const taken = session.statements();
      sent.push(...taken.map((statement) => statement.sql));
      return taken;
    },
    output: () => session.output(),
    fresh: () => session.renew(),
    verify: () => snapshots.verify(),
    stepTimeoutMs: input.config.stepTimeoutMs,
    upOnly: input.upOnly,
    keep: input.keep,
    log: input.log,
    onStep: input.onStep,
    beforeUp: input.beforeUp,
  };
}
