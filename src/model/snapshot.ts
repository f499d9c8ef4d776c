import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { fromSnapshotJson } from '../schema/snapshot.js';
import type { Schema } from '../schema/types.js';
import { locateTable } from './locate.js';
import type { AppliedModel } from './types.js';

/** A schema snapshot (`migration-gate snapshot`) as the model: read as it is, no server needed. */
export function readSnapshotModel(file: string): { schema: Schema; applied: AppliedModel } {
  const text = readFileSync(file, 'utf8');
  let schema: Schema;
  try {
    schema = fromSnapshotJson(text);
  } catch (error) {
    throw new ConfigError(
      (name) => `${name.model} ${file}: ${(error as Error).message}`,
      { option: 'model', file },
      { cause: error },
    );
  }
  const sources = Object.fromEntries(
    Object.keys(schema.tables).map((table) => [
      table,
      { file, line: locateTable(text, [table]), text, attributes: {} },
    ]),
  );
  return { schema, applied: { kind: 'snapshot', files: [file], failures: [], sources } };
}
