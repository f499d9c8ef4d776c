import path from 'node:path';
import type { Config } from '../config/types.js';
import type { Server } from '../database/server.js';
import { ConfigError } from '../errors.js';
import { diffSchemas, type Difference } from '../schema/diff.js';
import type { Schema } from '../schema/types.js';
import { readSnapshotModel } from './snapshot.js';
import { applyCommandModel } from './command.js';
import { applySqlModel } from './sql.js';
import type { AppliedModel, ModelKind } from './types.js';

export interface ModelComparison {
  applied: AppliedModel;
  /** The model's schema, as the server made it (all its tables, before --tables limits them). */
  expected: Schema;
  /** Model (expected) against the chain's result (actual), but for tables the server refused to create. */
  differences: Difference[];
  /** Tables both sides have. */
  compared: string[];
  info: { kind: ModelKind; files: string[]; tables: string[] };
}

/**
 * Compares the chain's resulting schema with the model: Sequelize models or SQL DDL applied to a scratch
 * schema and read back, or a snapshot file read as it is. --tables limits both sides.
 */
export async function compareWithModel(input: {
  server: Server;
  /** Defines the project's Sequelize models and creates their tables in a schema (project/host.ts). */
  applyModels: (schema: string, modelPath: string) => Promise<AppliedModel>;
  config: Config;
  /** The --env variables, for --model-command. */
  env: Record<string, string>;
  result: Schema;
  snapshotOf: (schema: string) => Promise<Schema>;
}): Promise<ModelComparison> {
  const { config } = input;
  const given = config.model ?? config.modelCommand;
  const { schema, applied } = await readModel(
    input,
    config.model === null ? null : path.resolve(config.cwd, config.model),
  );
  const expected = limit(schema, config.tables);
  const actual = limit(input.result, config.tables);
  if (Object.keys(expected.tables).length === 0 && Object.keys(actual.tables).length === 0)
    throw new ConfigError(
      (name) =>
        `nothing to compare: the migrations create no table${config.tables ? ` named in ${name.tables}` : ''} and the model ${given} defines none`,
      { option: config.tables ? 'tables' : config.modelCommand ? 'modelCommand' : 'model' },
    );
  const refused = new Set(applied.failures.map((failure) => failure.table));
  return {
    applied,
    expected: schema,
    differences: diffSchemas(expected, actual).filter((difference) => !refused.has(difference.table)),
    compared: Object.keys(expected.tables).filter((name) => name in actual.tables),
    info: { kind: applied.kind, files: applied.files, tables: Object.keys(expected.tables) },
  };
}

export async function readModel(
  input: Pick<Parameters<typeof compareWithModel>[0], 'server' | 'applyModels' | 'config' | 'snapshotOf' | 'env'>,
  /** The model's file or directory; null: --model-command's output, run in the config's cwd. */
  modelPath: string | null,
): Promise<{ schema: Schema; applied: AppliedModel }> {
  if (modelPath?.endsWith('.json')) return readSnapshotModel(modelPath);
  const scratch = await input.server.createScratchSchema('model', input.config);
  const applied =
    modelPath === null
      ? await applyCommandModel(input.server, scratch, input.config, input.env)
      : modelPath.endsWith('.sql')
        ? await applySqlModel(input.server, scratch, modelPath)
        : await input.applyModels(scratch, modelPath);
  return { schema: await input.snapshotOf(scratch), applied };
}

/** Whether a model is given to compare with: files, or a command that prints it. */
export function hasModel(config: Pick<Config, 'model' | 'modelCommand'>): boolean {
  return config.model !== null || config.modelCommand !== null;
}

function limit(schema: Schema, tables: string[] | null): Schema {
  if (!tables) return schema;
  const wanted = new Set(tables);
  return { tables: Object.fromEntries(Object.entries(schema.tables).filter(([name]) => wanted.has(name))) };
}
