import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { importData } from '../project/host.js';
import { ConfigError } from '../errors.js';
import {
  DRIFT_ASPECTS,
  FINDING_KINDS,
  SEVERITY_KEYS,
  type IgnoreRule,
  type Severities,
  type Waiver,
} from '../findings/types.js';
import {
  IGNORE_RULE_KEYS,
  KEY_NAMES,
  nearest,
  OPTION_LIST,
  OPTIONS,
  type FileKey,
  type Option,
  type OptionValues,
  type ValueOf,
} from './options.js';
import { sequelizeOptions } from './sequelize.js';

/** A config file, read: each key's value typed once, as the option's kind reads it. */
export interface ConfigFile {
  file: string;
  values: OptionValues;
}

export const CONFIG_FILES = ['migration-gate.config.json', 'migration-gate.config.ts', 'migration-gate.config.js'];

/** The config file named, or the first of CONFIG_FILES in `cwd`; null when there is none. */
export async function loadConfigFile(cwd: string, named: string | null): Promise<ConfigFile | null> {
  const file = named ? path.resolve(cwd, named) : CONFIG_FILES.map((name) => path.join(cwd, name)).find(existsSync);
  if (!file) return null;
  if (!existsSync(file))
    throw new ConfigError((name) => `${name.config} ${named} does not exist`, { option: 'config', file });
  const content = await read(file, cwd);
  return parseConfig(content, file);
}

async function read(file: string, cwd: string): Promise<unknown> {
  try {
    if (file.endsWith('.json')) return JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return await importData(file, cwd);
  } catch (error) {
    throw new ConfigError(`${file}: ${(error as Error).message.split('\n')[0]}`, { file }, { cause: error });
  }
}

/** The config file's keys, in the table's order. */
export const FILE_KEYS = OPTION_LIST.filter(([, option]) => option.key).map(([key]) => key as FileKey);

/** Validates a config file's content; every problem names the file and the key. */
export function parseConfig(content: unknown, file: string): ConfigFile {
  if (!content || typeof content !== 'object' || Array.isArray(content))
    throw new ConfigError(`${file}: expected an object of options`, { file });
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(content)) {
    if (key === '$schema') continue;
    if (!(FILE_KEYS as string[]).includes(key)) {
      const near = nearest(key, FILE_KEYS);
      throw new ConfigError(
        `${file}: unknown key "${key}"${near ? `; did you mean "${near}"?` : ` (known: ${FILE_KEYS.join(', ')})`}`,
        { file },
      );
    }
    const typed = readKey(key as FileKey, value, file);
    if (typed !== undefined) values[key] = typed;
  }
  return { file, values: values as OptionValues };
}

/** The keys whose values have a structure of their own, read here rather than by their kind. */
const STRUCTURED: { [K in FileKey]?: (value: unknown, file: string) => ValueOf<K> } = {
  severity: severities,
  ignore: rules,
  irreversible: (value, file) => waivers(value, file, 'irreversible'),
  unsafe: (value, file) => waivers(value, file, 'unsafe'),
  sequelize: (value, file) => sequelizeOptions(value, `${file}: "sequelize"`, { file }),
};

function readKey(key: FileKey, value: unknown, file: string): unknown {
  const structured = STRUCTURED[key];
  if (structured) return structured(value, file);
  try {
    return (OPTIONS[key] as Option).kind.file!(value, key);
  } catch (error) {
    // The kind names the option as the caller spells it; here that is the file's key.
    if (error instanceof ConfigError)
      throw new ConfigError(`${file}: ${error.describe(KEY_NAMES)}`, { file, option: key }, { cause: error });
    throw error;
  }
}

/**
 * `severity: { "column-order": "off", "drift:comment": "error" }`: known kinds and drift aspects, three
 * levels.
 */
function severities(value: unknown, file: string): Severities {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ConfigError(`${file}: "severity" must be an object of kind: "error" | "warning" | "off"`, { file });
  for (const [kind, level] of Object.entries(value)) {
    if (!(SEVERITY_KEYS as readonly string[]).includes(kind)) {
      const near = nearest(kind, SEVERITY_KEYS);
      throw new ConfigError(
        `${file}: severity "${kind}" is not a finding kind nor a drift aspect (kinds: ${FINDING_KINDS.join(', ')}; aspects: ${DRIFT_ASPECTS.map((aspect) => `drift:${aspect}`).join(', ')})${near ? `; did you mean "${near}"?` : ''}`,
        { file },
      );
    }
    if (level !== 'error' && level !== 'warning' && level !== 'off')
      throw new ConfigError(`${file}: severity "${kind}" must be "error", "warning" or "off"`, { file });
  }
  return value as Severities;
}

/** `irreversible` or `unsafe`: `[{ "migration": "…", "reason": "…" }]`: a reason is required, reviewers read it. */
function waivers(value: unknown, file: string, key: string): Waiver[] {
  if (!Array.isArray(value)) throw new ConfigError(`${file}: "${key}" must be an array`, { file });
  return value.map((item, i) => {
    const entry = item as Partial<Waiver> | null;
    if (!entry || typeof entry.migration !== 'string' || typeof entry.reason !== 'string' || !entry.reason)
      throw new ConfigError(`${file}: ${key}[${i}] must be { "migration": "<name>", "reason": "<why>" }`, {
        file,
      });
    return { migration: entry.migration, reason: entry.reason };
  });
}

function rules(value: unknown, file: string): IgnoreRule[] {
  if (!Array.isArray(value)) throw new ConfigError(`${file}: "ignore" must be an array of rules`, { file });
  return value.map((rule, i) => {
    const where = `${file}: ignore[${i}]`;
    if (!rule || typeof rule !== 'object') throw new ConfigError(`${where} must be an object`, { file });
    for (const [key, item] of Object.entries(rule)) {
      if (!(IGNORE_RULE_KEYS as readonly string[]).includes(key)) {
        const near = nearest(key, IGNORE_RULE_KEYS);
        throw new ConfigError(`${where} has an unknown key "${key}"${near ? `; did you mean "${near}"?` : ''}`, {
          file,
        });
      }
      if (typeof item !== 'string' || item === '')
        throw new ConfigError(`${where}.${key} must be a non-empty string`, { file });
    }
    const typed = rule as Partial<IgnoreRule>;
    if (!typed.table) throw new ConfigError(`${where} needs a "table" (use "*" for any)`, { file });
    if (!typed.reason) throw new ConfigError(`${where} needs a "reason": it is shown in the report`, { file });
    return typed as IgnoreRule;
  });
}
