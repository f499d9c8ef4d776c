import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { OPTIONS, type GivenKey, type Option, type OptionKey, type OptionValues, type ValueOf } from './options.js';
import type { Config, Seed, StepTool } from './types.js';

/**
 * Options as the CLI or the action read them, before any is parsed: text (a flag's value, an input),
 * a switch's boolean, or each value of a repeated flag.
 */
export type RawOptions = {
  [K in GivenKey]?:
    | (ValueOf<K> extends boolean
        ? boolean | string
        : ValueOf<K> extends Record<string, string>
          ? string | readonly string[]
          : string)
    | undefined;
};

/** Reads each given option once, by its kind; blank values are left out, so that lower sources stand. */
export function readGiven(raw: RawOptions): OptionValues {
  const values: Record<string, unknown> = {};
  for (const [key, given] of Object.entries(raw) as [GivenKey, RawOptions[GivenKey]][]) {
    if (given === undefined) continue;
    const kind = (OPTIONS[key] as Option).kind;
    const value = typeof given === 'boolean' ? given : kind.text!(given, key);
    if (value !== undefined) values[key] = value;
  }
  return values as OptionValues;
}

/**
 * Layers option values, lowest first: a value replaces the one below it, unless its kind merges them
 * (ignore rules and waivers add up, severities and Sequelize options overlay).
 */
export function mergeOptions(...layers: OptionValues[]): OptionValues {
  const merged: Record<string, unknown> = {};
  for (const layer of layers)
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      const { merge } = (OPTIONS[key as OptionKey] as Option).kind;
      merged[key] = merge && merged[key] !== undefined ? merge(merged[key], value) : value;
    }
  return merged as OptionValues;
}

/** Validates raw options into a `Config`, or throws one ConfigError that names the option to fix. */
export function resolveConfig(raw: RawOptions): Config {
  return resolveOptions(readGiven(raw));
}

/**
 * Checks typed option values against each other and the project directory, and fills in the defaults:
 * the `Config` of a run. Throws one ConfigError that names the option to fix.
 */
export function resolveOptions(values: OptionValues, fileOptions: OptionKey[] = []): Config {
  const cwd = path.resolve(values.cwd ?? '.');
  if (!existsSync(cwd) || !statSync(cwd).isDirectory())
    throw new ConfigError((name) => `${name.cwd} ${cwd} is not a directory`, { option: 'cwd' });
  const tool = stepTool(cwd, values);
  const migrations = tool.kind === 'alembic' ? path.relative(cwd, tool.ini) : (values.migrations ?? '');
  const model = values.model ?? null;
  const modelCommand = values.modelCommand ?? null;
  if (model && modelCommand)
    throw new ConfigError((name) => `${name.model} and ${name.modelCommand} both give the model: give one`, {
      option: 'modelCommand',
    });
  if (tool.kind !== 'umzug') forUmzugOnly(tool.kind, values);
  if (model && !existsSync(path.resolve(cwd, model)))
    throw new ConfigError((name) => `${name.model} ${model} does not exist (relative to ${cwd})`, {
      option: 'model',
      file: path.resolve(cwd, model),
    });
  const base = values.base ?? null;
  return {
    cwd,
    migrations,
    tool,
    model,
    modelCommand,
    mysqlImages: [...(values.mysqlImage ?? OPTIONS.mysqlImage.default)],
    database: values.databaseUrl?.credentials ?? null,
    databaseName: values.databaseUrl?.database ?? null,
    tls: values.databaseUrl?.tls ?? null,
    scratch: scratch(values),
    connectTimeoutMs: values.connectTimeout ?? OPTIONS.connectTimeout.default,
    context: values.context ?? OPTIONS.context.default,
    tables: values.tables ?? null,
    ignoreTables: values.ignoreTables ?? [],
    strictNames: values.strictNames ?? OPTIONS.strictNames.default,
    strictColumnOrder: values.strictColumnOrder ?? OPTIONS.strictColumnOrder.default,
    stepTimeoutMs: values.stepTimeout ?? OPTIONS.stepTimeout.default,
    metaTable: values.metaTable ?? (tool.kind === 'alembic' ? 'alembic_version' : OPTIONS.metaTable.default),
    irreversible: values.irreversible ?? [],
    unsafe: values.unsafe ?? [],
    lintAll: values.lintAll ?? OPTIONS.lintAll.default,
    minimumDowngrade: values.minimumDowngrade ?? null,
    base,
    seed: seed(cwd, values.seed ?? null, values.seedAfter ?? null, base),
    env: values.env ?? {},
    sequelize: values.sequelize ?? {},
    severity: values.severity ?? {},
    baseline: null,
    newOnly: newOnly(values.newOnly ?? OPTIONS.newOnly.default, base),
    charset: values.charset ?? null,
    collation: values.collation ?? null,
    ignore: values.ignore ?? [],
    configFile: null,
    fileOptions,
  };
}

/**
 * What runs the steps, with what each runner needs; --list, --up and --down with another runner are an
 * error, not ignored.
 */
function stepTool(cwd: string, values: OptionValues): StepTool {
  const runner = values.runner ?? OPTIONS.runner.default;
  const commands = (['list', 'up', 'down'] as const).filter((key) => values[key] !== undefined);
  if (runner !== 'command' && commands.length > 0)
    throw new ConfigError((name) => `${name[commands[0]!]} is for ${name.runner} command (the runner is ${runner})`, {
      option: commands[0]!,
    });
  if (runner === 'command') {
    const missing = (['list', 'up'] as const).find((key) => !values[key]);
    if (missing)
      throw new ConfigError(
        (name) =>
          `${name.runner} command needs ${name[missing]}: ${missing === 'list' ? 'a command that prints the steps in order, one a line' : 'a command that runs {step} up'}`,
        { option: missing },
      );
    return { kind: 'command', list: values.list!, up: values.up!, down: values.down ?? null };
  }
  if (runner === 'alembic') {
    const ini = path.resolve(cwd, values.migrations ?? 'alembic.ini');
    if (!existsSync(ini) || !statSync(ini).isFile())
      throw new ConfigError(
        (name) =>
          `${name.runner} alembic reads the Alembic config file ${path.relative(cwd, ini) || ini}, which does not exist in ${cwd}: give its path as ${name.migrations} (Flask-Migrate keeps it in migrations/alembic.ini)`,
        { option: 'migrations', file: ini },
      );
    return { kind: 'alembic', ini, flask: !namesScriptDirectory(readFileSync(ini, 'utf8')) };
  }
  if (!values.migrations)
    throw new ConfigError(
      (name) =>
        `${name.migrations} is required (or "migrations" in the config file): a glob of migration files, e.g. 'migrations/*.js'`,
      { option: 'migrations' },
    );
  return { kind: 'umzug' };
}

/** Whether an alembic.ini's [alembic] section names the script directory (Flask-Migrate's does not). */
function namesScriptDirectory(ini: string): boolean {
  const section = ini.split(/^\s*\[/m).find((part) => /^alembic\s*\]/.test(part)) ?? '';
  return /^\s*script_location\s*=/m.test(section);
}

/**
 * What only umzug's runner does, asked of another: an error, not a check that silently leaves it out. A
 * tool's process sends statements the probe does not see, and Sequelize models load in umzug's worker.
 */
function forUmzugOnly(kind: string, values: OptionValues): void {
  if (values.lintAll)
    throw new ConfigError(
      (name) =>
        `${name.lintAll} probes the statements of umzug's migrations; ${name.runner} ${kind} runs steps whose statements the gate does not see`,
      { option: 'lintAll' },
    );
  const model = values.model;
  if (model && !model.endsWith('.sql') && !model.endsWith('.json'))
    throw new ConfigError(
      (name) =>
        `${name.model} ${model}: ${name.runner} ${kind} compares with a model given as DDL, a .sql or .json ${name.model} or ${name.modelCommand} (Sequelize models load with ${name.runner} umzug)`,
      { option: 'model' },
    );
}

function seed(cwd: string, file: string | null, after: string | null, base: string | null): Seed | null {
  if (!file) {
    if (after) throw new ConfigError((name) => `${name.seedAfter} needs ${name.seed} <file>`, { option: 'seedAfter' });
    return null;
  }
  const absolute = path.resolve(cwd, file);
  if (!existsSync(absolute) || !statSync(absolute).isFile())
    throw new ConfigError((name) => `${name.seed} ${file} does not exist (relative to ${cwd})`, {
      option: 'seed',
      file: absolute,
    });
  if (!after && !base)
    throw new ConfigError(
      (name) =>
        `${name.seed} needs ${name.seedAfter} <migration> (the step after which the rows go in), or ${name.base} to seed the base's chain`,
      { option: 'seedAfter' },
    );
  return { file: absolute, after };
}

/** The server `live` replays on: never the one it reads, where the gate may not create a schema. */
function scratch(values: OptionValues): Config['scratch'] {
  const [live, scratch] = [values.databaseUrl?.credentials, values.scratchUrl?.credentials];
  if (!scratch) return null;
  if (values.scratchUrl?.tls)
    throw new ConfigError(
      (name) =>
        `${name.scratchUrl} takes no ?ssl-mode=: the scratch server is a local or services: one, reached without TLS`,
      { option: 'scratchUrl' },
    );
  if (live && live.host === scratch.host && live.port === scratch.port)
    throw new ConfigError(
      (name) =>
        `${name.scratchUrl} is the server ${name.databaseUrl} names (${scratch.host}:${scratch.port}): live reads that one only and replays elsewhere; give another server, or none for a container`,
      { option: 'scratchUrl' },
    );
  return scratch;
}

function newOnly(given: boolean, base: string | null): boolean {
  if (given && !base)
    throw new ConfigError(
      (name) => `${name.newOnly} needs ${name.base} <ref>: the commit whose findings are already known`,
      { option: 'newOnly' },
    );
  return given;
}
