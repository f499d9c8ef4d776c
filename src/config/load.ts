import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { BASELINE_FORMAT, DEFAULT_BASELINE, type BaselineEntry } from '../findings/baseline.js';
import { loadConfigFile, type ConfigFile } from './file.js';
import { withFileNames, type OptionKey, type OptionValues } from './options.js';
import { readSequelizeConfig } from './sequelize.js';
import { mergeOptions, readGiven, resolveOptions, type RawOptions } from './resolve.js';
import type { Config } from './types.js';

/**
 * The configuration of one run: the config file of the project directory (or the one named) as the
 * base, `over` it (the library's check() options), and the flags or action inputs that were given on top.
 * Each value is read once, where it is given. Messages name an option the config file set by its key.
 */
export async function loadConfig(given: RawOptions, configFile: string | null, over?: ConfigFile): Promise<Config> {
  const file = await loadConfigFile(path.resolve(given.cwd?.trim() || '.'), configFile);
  const flags = readGiven(given);
  const upper = mergeOptions(over?.values ?? {}, flags);
  const fromFile = Object.keys(file?.values ?? {}).filter((key) => !(key in upper)) as OptionKey[];
  try {
    const values = mergeOptions(file?.values ?? {}, upper);
    const cwd = path.resolve(values.cwd ?? '.');
    // The sequelize-cli config module is the lowest source of the Sequelize options and the metadata table.
    const project = await projectSequelizeConfig(values.sequelizeConfig, cwd);
    const lowest: OptionValues = project
      ? { sequelize: project.options, ...(project.metaTable ? { metaTable: project.metaTable } : {}) }
      : {};
    const config = resolveOptions(mergeOptions(lowest, values), fromFile);
    return {
      ...config,
      baseline: await readBaseline(values.baseline, cwd),
      configFile: file?.file ?? null,
    };
  } catch (error) {
    if (!(error instanceof ConfigError) || fromFile.length === 0) throw error;
    throw new ConfigError((names) => error.describe(withFileNames(names, fromFile, file!.file)), error.where, {
      cause: error,
    });
  }
}

/** The project's sequelize-cli config module, if named. */
async function projectSequelizeConfig(named: string | undefined, cwd: string) {
  if (!named) return null;
  const file = path.resolve(cwd, named);
  if (!existsSync(file))
    throw new ConfigError((name) => `${name.sequelizeConfig} ${named} does not exist (relative to ${cwd})`, {
      option: 'sequelizeConfig',
      file,
    });
  return readSequelizeConfig(file, cwd);
}

/**
 * The baseline: the file named, or .migration-gate/baseline.json when it exists. A named file that does
 * not exist is an error; so is one that is not a baseline.
 */
async function readBaseline(named: string | undefined, cwd: string): Promise<Config['baseline']> {
  const file = path.resolve(cwd, named || DEFAULT_BASELINE);
  const where = { option: 'baseline', file } as const;
  if (!existsSync(file)) {
    if (!named) return null;
    throw new ConfigError(
      (name) => `${name.baseline} ${named} does not exist: write it with migration-gate baseline`,
      where,
    );
  }
  let content: { format?: unknown; findings?: unknown };
  try {
    content = JSON.parse(readFileSync(file, 'utf8')) as typeof content;
  } catch (error) {
    throw new ConfigError(`${file} is not JSON: ${(error as Error).message}`, where);
  }
  if (content.format !== BASELINE_FORMAT || !Array.isArray(content.findings))
    throw new ConfigError(
      `${file} is not a migration-gate baseline (format ${BASELINE_FORMAT}); write it again with migration-gate baseline`,
      where,
    );
  return { file, entries: content.findings as BaselineEntry[] };
}
