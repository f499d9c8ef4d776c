import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { importModule } from '../chain/modules.js';
import { lineOf } from '../chain/load.js';
import { openSequelize, projectSequelize, type SequelizeInstance, type SequelizeModel } from '../database/sequelize.js';
import type { Server } from '../database/server.js';
import { ConfigError, messageOf } from '../errors.js';
import { locateTable } from './locate.js';
import type { AppliedModel, ModelFailure, TableSource } from './types.js';

const MODEL_FILE = /\.(c|m)?(j|t)s$/;
const NOT_A_MODEL = /(^index\.|^\.|\.d\.(c|m)?ts$|\.(test|spec)\.)/;

/**
 * Defines the project's Sequelize models on its own `sequelize`, then creates their tables in the model's
 * scratch schema one model at a time, with foreign-key checks off, so that one table the server refuses
 * or a cycle of references does not hide the others.
 *
 * Accepts a directory of sequelize-cli model factories (`module.exports = (sequelize, DataTypes) => Model`;
 * `index.js`, which connects to the app's database, is skipped as sequelize-cli's loader skips it), a
 * single factory file, or a module whose default export is `(sequelize) => void | Promise<void>`.
 */
export async function applySequelizeModels(
  server: Server,
  schema: string,
  modelPath: string,
  cwd: string,
): Promise<AppliedModel> {
  const library = projectSequelize(cwd);
  if (!library)
    throw new ConfigError(`--model ${modelPath} holds Sequelize models, but sequelize is not installed in ${cwd}`, {
      input: '--model',
      file: modelPath,
    });
  const files = await modelFiles(modelPath);
  const sequelize = openSequelize(library, server.credentials, schema, { foreignKeyChecks: false });
  const failures: ModelFailure[] = [];
  const definedIn = new Map<string, string>();
  try {
    for (const file of files) {
      const before = new Set(Object.keys(sequelize.models));
      try {
        await defineFrom(file, sequelize, library.DataTypes);
      } catch (error) {
        failures.push({ file, line: lineOf(error, file), table: null, message: messageOf(error) });
      }
      for (const name of Object.keys(sequelize.models)) if (!before.has(name)) definedIn.set(name, file);
    }
    const models = Object.values(sequelize.models);
    for (const model of models) {
      try {
        model.associate?.(sequelize.models);
      } catch (error) {
        const file = definedIn.get(model.name) ?? modelPath;
        failures.push({
          file,
          line: lineOf(error, file),
          table: tableName(model),
          message: `associate(): ${messageOf(error)}`,
        });
      }
    }
    for (const model of Object.values(sequelize.models)) {
      try {
        await model.sync();
      } catch (error) {
        const file = definedIn.get(model.name) ?? modelPath;
        failures.push({ file, line: null, table: tableName(model), message: messageOf(error) });
      }
    }
    return {
      kind: 'sequelize',
      files,
      failures,
      sources: await sourcesOf(Object.values(sequelize.models), definedIn),
    };
  } finally {
    await sequelize.close();
  }
}

async function modelFiles(modelPath: string): Promise<string[]> {
  const entries = await readdir(modelPath, { withFileTypes: true }).catch(() => null);
  if (!entries) return [modelPath];
  const files = entries
    .filter((entry) => entry.isFile() && MODEL_FILE.test(entry.name) && !NOT_A_MODEL.test(entry.name))
    .map((entry) => path.join(modelPath, entry.name))
    .sort();
  if (files.length === 0)
    throw new ConfigError(`--model ${modelPath} has no model files (.js or .ts, other than index)`, {
      input: '--model',
      file: modelPath,
    });
  return files;
}

/** Calls the file's factory with the project's Sequelize instance and DataTypes. */
async function defineFrom(file: string, sequelize: SequelizeInstance, dataTypes: unknown): Promise<void> {
  const loaded = await importModule(file);
  const candidates = [loaded, (loaded as { default?: unknown })?.default];
  const factory = candidates.find((candidate) => typeof candidate === 'function' && !isModelClass(candidate));
  if (factory) {
    await (factory as (sequelize: unknown, dataTypes: unknown) => unknown)(sequelize, dataTypes);
    return;
  }
  throw new Error('exports no model factory: expected module.exports = (sequelize, DataTypes) => Model');
}

function isModelClass(candidate: unknown): boolean {
  return typeof candidate === 'function' && typeof (candidate as { init?: unknown }).init === 'function';
}

function tableName(model: SequelizeModel): string {
  const name = model.getTableName();
  return typeof name === 'string' ? name : name.tableName;
}

async function sourcesOf(
  models: SequelizeModel[],
  definedIn: Map<string, string>,
): Promise<Record<string, TableSource>> {
  const sources: Record<string, TableSource> = {};
  const texts = new Map<string, string>();
  for (const model of models) {
    const file = definedIn.get(model.name);
    if (!file) continue;
    if (!texts.has(file)) texts.set(file, await readFile(file, 'utf8'));
    const text = texts.get(file)!;
    const table = tableName(model);
    const attributes: Record<string, string> = {};
    const declared = model.getAttributes?.() ?? model.rawAttributes ?? {};
    for (const [attribute, definition] of Object.entries(declared))
      attributes[definition.field ?? attribute] = attribute;
    sources[table] = { file, line: locateTable(text, [model.name, table]), text, attributes };
  }
  return sources;
}
