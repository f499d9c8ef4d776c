import { Umzug, type UmzugStorage } from 'umzug';
import type { Step, StepContext } from '../chain/types.js';
import { StepTimeoutError, type Direction } from '../errors.js';
import { causeChain, describeFailure } from './failure.js';
import type { PhaseResult, StepFailure, StepStatement } from './types.js';

/** What running steps needs from the outside world. */
export interface RunnerEnvironment {
  context: StepContext;
  /** Kills the queries of a step that ran out of time. */
  killQueries(): Promise<void>;
  /** Waits for queries a step left running after it returned. */
  settle(ms: number): Promise<void>;
  /** The statements the chain's connections sent since the last call, with the server's errors. */
  statements(): StepStatement[];
  stepTimeoutMs: number;
}

export interface RunResult {
  phase: PhaseResult;
  /** What the step sent, in order, and what the server answered with an error. */
  statements: StepStatement[];
  problem?: { kind: 'failed' | 'timeout'; direction: Direction; failure: StepFailure };
}

/**
 * Runs steps through umzug, so each migration runs as umzug runs it, with its memory of what has run
 * kept here. A step that runs out of time has its queries killed and ends the whole replay: the schema
 * is then in an unknown state.
 */
export class Runner {
  private executed: string[] = [];
  private readonly umzug: Umzug<StepContext>;

  constructor(
    steps: Step[],
    private readonly env: RunnerEnvironment,
  ) {
    const storage: UmzugStorage<StepContext> = {
      executed: async () => [...this.executed],
      logMigration: async ({ name }) => void this.executed.push(name),
      unlogMigration: async ({ name }) => void (this.executed = this.executed.filter((item) => item !== name)),
    };
    this.umzug = new Umzug({
      migrations: steps.map((step) => ({
        name: step.name,
        path: step.file,
        up: ({ context }) => this.limited(step.up(context)),
        down: ({ context }) => this.limited(step.down ? step.down(context) : Promise.resolve()),
      })),
      context: env.context,
      storage,
      logger: undefined,
    });
  }

  forget(): void {
    this.executed = [];
  }

  async run(step: Step, direction: Direction): Promise<RunResult> {
    const started = performance.now();
    try {
      if (direction === 'down') await this.umzug.down({ step: 1 });
      else await this.umzug.up({ step: 1 });
      await this.env.settle(this.env.stepTimeoutMs);
      return { phase: { outcome: 'ok', ms: performance.now() - started }, statements: this.env.statements() };
    } catch (error) {
      const ms = performance.now() - started;
      const timedOut = causeChain(error).some((cause) => cause instanceof StepTimeoutError);
      if (timedOut) await this.env.killQueries();
      const kind = timedOut ? 'timeout' : 'failed';
      return {
        phase: { outcome: kind, ms },
        statements: this.env.statements(),
        problem: { kind, direction, failure: describeFailure(error, step, direction) },
      };
    }
  }

  private async limited(work: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StepTimeoutError(this.env.stepTimeoutMs)), this.env.stepTimeoutMs);
    });
    try {
      await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
