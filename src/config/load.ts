import path from 'node:path';
import { loadConfigFile } from './file.js';
import { INPUT_NAMES, resolveConfig, type RawOptions } from './resolve.js';
import type { Config } from './types.js';

/**
 * The configuration of one run: the config file of the project directory (or the one named) as the
 * base, and the flags or action inputs that were given on top of it.
 */
export async function loadConfig(
  given: RawOptions,
  configFile: string | null,
  names: Record<keyof RawOptions, string> = INPUT_NAMES,
): Promise<Config> {
  const cwd = path.resolve(given.cwd?.trim() || '.');
  const file = await loadConfigFile(cwd, configFile);
  const defined = Object.fromEntries(
    Object.entries(given).filter(([, value]) => value !== undefined && value !== ''),
  ) as RawOptions;
  const config = resolveConfig({ ...file?.options, ...defined, cwd }, names);
  const flagged = new Set(config.irreversible.map((waiver) => waiver.migration));
  const irreversible = [...config.irreversible, ...(file?.irreversible ?? []).filter((w) => !flagged.has(w.migration))];
  return { ...config, irreversible, ignore: file?.ignore ?? [], configFile: file?.file ?? null };
}
