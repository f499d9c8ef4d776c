import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { BASELINE_FORMAT, DEFAULT_BASELINE, type BaselineEntry } from '../findings/baseline.js';
import { loadConfigFile } from './file.js';
import { readSequelizeConfig } from './sequelize.js';
import { resolveConfig, type RawOptions } from './resolve.js';
import type { Config } from './types.js';

/**
 * The configuration of one run: the config file of the project directory (or the one named) as the
 * base, and the flags or action inputs that were given on top of it.
 */
export async function loadConfig(given: RawOptions, configFile: string | null): Promise<Config> {
  const cwd = path.resolve(given.cwd?.trim() || '.');
  const file = await loadConfigFile(cwd, configFile);
  const defined = Object.fromEntries(
    Object.entries(given).filter(([, value]) => value !== undefined && value !== ''),
  ) as RawOptions;
  const merged: RawOptions = { ...file?.options, ...defined, cwd };
  const config = resolveConfig(merged);
  const flagged = new Set(config.irreversible.map((waiver) => waiver.migration));
  const irreversible = [...config.irreversible, ...(file?.irreversible ?? []).filter((w) => !flagged.has(w.migration))];
  const project = await projectSequelizeConfig(merged.sequelizeConfig, cwd);
  return {
    ...config,
    metaTable: merged.metaTable?.trim() ? config.metaTable : (project?.metaTable ?? config.metaTable),
    sequelize: { ...project?.options, ...file?.sequelize },
    severity: file?.severity ?? {},
    baseline: await readBaseline(merged.baseline, cwd),
    irreversible,
    ignore: file?.ignore ?? [],
    configFile: file?.file ?? null,
  };
}

/** The project's sequelize-cli config module, if named. */
async function projectSequelizeConfig(given: string | undefined, cwd: string) {
  const named = given?.trim();
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
async function readBaseline(given: string | undefined, cwd: string): Promise<Config['baseline']> {
  const named = given?.trim();
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
