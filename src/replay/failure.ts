import { lineOf } from '../chain/load.js';
import type { Step } from '../chain/types.js';
import { messageOf, serverErrorOf, type Direction } from '../errors.js';
import type { StepFailure } from './types.js';

/** A step that failed in the project host: the failure was described there, where its error was. */
export class StepFailed extends Error {
  override name = 'StepFailed';
  constructor(readonly failure: StepFailure) {
    super(failure.message);
  }
}

/** The message, the file and line, and the server's error of a step that threw. */
export function describeFailure(error: unknown, step: Step, direction: Direction): StepFailure {
  const described = causeChain(error).find((cause) => cause instanceof StepFailed);
  if (described) return described.failure;
  const located = causeChain(error).find((cause) => typeof (cause as { line?: unknown }).line === 'number') as
    { file?: string; line: number } | undefined;
  const file = located?.file ?? (direction === 'down' && step.downFile ? step.downFile : step.file);
  return {
    message: messageOf(error),
    file,
    line: located?.line ?? lineOf(innermost(error), step.file) ?? (direction === 'down' ? step.downLine : step.upLine),
    server: serverErrorOf(error),
  };
}

export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current && !chain.includes(current); current = (current as { cause?: unknown }).cause)
    chain.push(current);
  return chain;
}

function innermost(error: unknown): unknown {
  return causeChain(error).at(-1);
}
