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
import type { RawOptions } from './resolve.js';
import { sequelizeOptions } from './sequelize.js';
import type { SequelizeOptions } from './types.js';

export interface ConfigFile {
  file: string;
  options: RawOptions;
  severity: Severities;
  sequelize: SequelizeOptions;
  ignore: IgnoreRule[];
  irreversible: Waiver[];
}

export const CONFIG_FILES = ['migration-gate.config.json', 'migration-gate.config.ts', 'migration-gate.config.js'];

const OPTION_KEYS = {
  migrations: 'string',
  model: 'string',
  mysqlImage: 'string',
  databaseUrl: 'string',
  context: 'string',
  tables: 'list',
  ignoreTables: 'list',
  strictNames: 'boolean',
  strictColumnOrder: 'boolean',
  stepTimeout: 'duration',
  metaTable: 'string',
  minimumDowngrade: 'string',
  base: 'string',
  seed: 'string',
  seedAfter: 'string',
  env: 'env',
  sequelizeConfig: 'string',
  baseline: 'string',
  charset: 'string',
  collation: 'string',
  newOnly: 'boolean',
} as const satisfies Partial<Record<keyof RawOptions, string>>;

const RULE_KEYS = ['table', 'column', 'index', 'attribute', 'kind', 'reason'];

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

/** Validates a config file's content; every problem names the file and the key. */
export function parseConfig(content: unknown, file: string): ConfigFile {
  if (!content || typeof content !== 'object' || Array.isArray(content))
    throw new ConfigError(`${file}: expected an object of options`, { file });
  const options: RawOptions = {};
  const ignore: IgnoreRule[] = [];
  const irreversible: Waiver[] = [];
  let sequelize: SequelizeOptions = {};
  let severity: Severities = {};
  for (const [key, value] of Object.entries(content)) {
    if (key === '$schema') continue;
    if (key === 'severity') {
      severity = severities(value, file);
      continue;
    }
    if (key === 'sequelize') {
      sequelize = sequelizeOptions(value, `${file}: "sequelize"`, { file });
      continue;
    }
    if (key === 'ignore') {
      ignore.push(...rules(value, file));
      continue;
    }
    if (key === 'irreversible') {
      irreversible.push(...waivers(value, file));
      continue;
    }
    const kind = OPTION_KEYS[key as keyof typeof OPTION_KEYS];
    if (!kind)
      throw new ConfigError(
        `${file}: unknown key "${key}" (known: ${[...Object.keys(OPTION_KEYS), 'sequelize', 'severity', 'ignore', 'irreversible'].join(', ')})`,
        {
          file,
        },
      );
    (options as Record<string, unknown>)[key] = option(value, kind, key, file);
  }
  return { file, options, sequelize, severity, ignore, irreversible };
}

function option(value: unknown, kind: string, key: string, file: string): string | boolean {
  const wrong = (expected: string) => new ConfigError(`${file}: "${key}" must be ${expected}`, { file });
  switch (kind) {
    case 'boolean':
      if (typeof value !== 'boolean') throw wrong('true or false');
      return value;
    case 'list':
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw wrong('an array of names');
      return value.join(',');
    case 'env':
      if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join('\n');
      if (value && typeof value === 'object' && Object.values(value).every((item) => typeof item === 'string'))
        return Object.entries(value as Record<string, string>)
          .map(([name, item]) => `${name}=${item}`)
          .join('\n');
      throw wrong('an object of NAME: "value" (values may use {url}, {host}, {port}, {user}, {password}, {database})');
    case 'duration':
      if (typeof value !== 'number' && typeof value !== 'string')
        throw wrong('a number of seconds or a string like "90s"');
      return String(value);
    default:
      if (typeof value !== 'string') throw wrong('a string');
      return value;
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
    if (!(SEVERITY_KEYS as readonly string[]).includes(kind))
      throw new ConfigError(
        `${file}: severity "${kind}" is not a finding kind nor a drift aspect (kinds: ${FINDING_KINDS.join(', ')}; aspects: ${DRIFT_ASPECTS.map((aspect) => `drift:${aspect}`).join(', ')})`,
        { file },
      );
    if (level !== 'error' && level !== 'warning' && level !== 'off')
      throw new ConfigError(`${file}: severity "${kind}" must be "error", "warning" or "off"`, { file });
  }
  return value as Severities;
}

/** `irreversible: [{ "migration": "…", "reason": "…" }]`: a reason is required, reviewers read it. */
function waivers(value: unknown, file: string): Waiver[] {
  if (!Array.isArray(value)) throw new ConfigError(`${file}: "irreversible" must be an array`, { file });
  return value.map((item, i) => {
    const entry = item as Partial<Waiver> | null;
    if (!entry || typeof entry.migration !== 'string' || typeof entry.reason !== 'string' || !entry.reason)
      throw new ConfigError(`${file}: irreversible[${i}] must be { "migration": "<name>", "reason": "<why>" }`, {
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
      if (!RULE_KEYS.includes(key)) throw new ConfigError(`${where} has an unknown key "${key}"`, { file });
      if (typeof item !== 'string' || item === '')
        throw new ConfigError(`${where}.${key} must be a non-empty string`, { file });
    }
    const typed = rule as Partial<IgnoreRule>;
    if (!typed.table) throw new ConfigError(`${where} needs a "table" (use "*" for any)`, { file });
    if (!typed.reason) throw new ConfigError(`${where} needs a "reason": it is shown in the report`, { file });
    return typed as IgnoreRule;
  });
}
