import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { importModule } from '../chain/modules.js';
import { lineOf } from '../chain/load.js';
import type { SequelizeOptions } from '../config/types.js';
import {
  openSequelize,
  projectSequelize,
  type SequelizeInstance,
  type SequelizeLibrary,
  type SequelizeModel,
} from '../database/sequelize.js';
import type { Credentials } from '../database/server.js';
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
  credentials: Credentials,
  schema: string,
  modelPath: string,
  cwd: string,
  project: SequelizeOptions = {},
): Promise<AppliedModel> {
  const library = projectSequelize(cwd);
  if (!library)
    throw new ConfigError(
      (name) => `${name.model} ${modelPath} holds Sequelize models, but sequelize is not installed in ${cwd}`,
      { option: 'model', file: modelPath },
    );
  const files = await modelFiles(modelPath);
  const sequelize = openSequelize(library, credentials, schema, { foreignKeyChecks: false, cwd, project });
  const failures: ModelFailure[] = [];
  const definedIn = new Map<string, string>();
  const decorated: ModelClass[] = [];
  try {
    for (const file of files) {
      const before = new Set(Object.keys(sequelize.models));
      try {
        for (const model of await defineFrom(file, sequelize, library, cwd)) {
          decorated.push(model);
          definedIn.set(model.name, file);
        }
      } catch (error) {
        failures.push({ file, line: lineOf(error, file), table: null, message: messageOf(error) });
      }
      for (const name of Object.keys(sequelize.models)) if (!before.has(name)) definedIn.set(name, file);
    }
    if (decorated.length > 0) addDecorated(sequelize, decorated, definedIn, failures);
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
    for (const model of parentsFirst(Object.values(sequelize.models))) {
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

/**
 * Models with the tables they reference synced first (a cycle is broken where it closes). Foreign-key
 * checks are off, so any order creates valid tables, but a server that checks a key when its parent
 * table is created would otherwise blame the parent for its child's bad key.
 */
function parentsFirst(models: SequelizeModel[]): SequelizeModel[] {
  const byTable = new Map(models.map((model) => [tableName(model), model]));
  const ordered: SequelizeModel[] = [];
  const visiting = new Set<SequelizeModel>();
  const visit = (model: SequelizeModel) => {
    if (ordered.includes(model) || visiting.has(model)) return;
    visiting.add(model);
    const attributes = model.getAttributes?.() ?? model.rawAttributes ?? {};
    for (const attribute of Object.values(attributes)) {
      const target = (attribute as { references?: { model?: unknown } }).references?.model;
      const name = typeof target === 'string' ? target : (target as { tableName?: string } | undefined)?.tableName;
      const parent = name === undefined ? undefined : byTable.get(name);
      if (parent && parent !== model) visit(parent);
    }
    ordered.push(model);
  };
  models.forEach(visit);
  return ordered;
}

async function modelFiles(modelPath: string): Promise<string[]> {
  const entries = await readdir(modelPath, { withFileTypes: true }).catch(() => null);
  if (!entries) return [modelPath];
  const files = entries
    .filter((entry) => entry.isFile() && MODEL_FILE.test(entry.name) && !NOT_A_MODEL.test(entry.name))
    .map((entry) => path.join(modelPath, entry.name))
    .sort();
  if (files.length === 0)
    throw new ConfigError((name) => `${name.model} ${modelPath} has no model files (.js or .ts, other than index)`, {
      option: 'model',
      file: modelPath,
    });
  return files;
}

type ModelClass = (new (...args: never[]) => unknown) & { name: string };

/**
 * Calls the file's sequelize-cli factory with the project's Sequelize instance and DataTypes, or returns
 * the sequelize-typescript model classes it exports, to be added all at once (their associations refer
 * to each other across files).
 */
async function defineFrom(
  file: string,
  sequelize: SequelizeInstance,
  library: SequelizeLibrary,
  cwd: string,
): Promise<ModelClass[]> {
  const loaded = (await importModule(file, cwd)) as Record<string, unknown>;
  const exported = [...new Set([loaded, loaded.default, ...Object.values(loaded)])];
  const classes = exported.filter((item): item is ModelClass => isModelClass(item, library));
  const factory = exported.find((item) => typeof item === 'function' && !isModelClass(item, library));
  if (factory && classes.length === 0) {
    await (factory as (sequelize: unknown, dataTypes: unknown) => unknown)(sequelize, library.DataTypes);
    return [];
  }
  if (classes.length > 0) return classes;
  throw new Error(
    'exports no model: expected a factory, module.exports = (sequelize, DataTypes) => Model, or sequelize-typescript @Table classes',
  );
}

function isModelClass(candidate: unknown, library: SequelizeLibrary): boolean {
  return typeof candidate === 'function' && candidate.prototype instanceof library.Model;
}

/** sequelize-typescript: the decorated classes, added to its Sequelize in one call. */
function addDecorated(
  sequelize: SequelizeInstance,
  classes: ModelClass[],
  definedIn: Map<string, string>,
  failures: ModelFailure[],
): void {
  if (typeof sequelize.addModels !== 'function') {
    for (const model of classes)
      failures.push({
        file: definedIn.get(model.name)!,
        line: null,
        table: null,
        message: `${model.name} is a model class, but sequelize-typescript is not installed to add it`,
      });
    return;
  }
  try {
    sequelize.addModels(classes);
  } catch (error) {
    const file = definedIn.get(classes[0]!.name)!;
    failures.push({ file, line: lineOf(error, file), table: null, message: messageOf(error) });
  }
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
