import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { DEFAULTS, type Config, type ContextKind, type Seed } from './types.js';

/** Options as the CLI or the action read them: strings, unvalidated. */
export interface RawOptions {
  cwd?: string | undefined;
  migrations?: string | undefined;
  model?: string | undefined;
  mysqlImage?: string | undefined;
  databaseUrl?: string | undefined;
  context?: string | undefined;
  tables?: string | undefined;
  ignoreTables?: string | undefined;
  strictNames?: boolean | undefined;
  strictColumnOrder?: boolean | undefined;
  stepTimeout?: string | undefined;
  metaTable?: string | undefined;
  /** Comma-separated names; the config file may give reasons. */
  irreversible?: string | undefined;
  minimumDowngrade?: string | undefined;
  base?: string | undefined;
  seed?: string | undefined;
  seedAfter?: string | undefined;
  /** `NAME=VALUE` lines. */
  env?: string | undefined;
  /** The project's sequelize-cli config module (its environment's entry is read). */
  sequelizeConfig?: string | undefined;
  /** The baseline file of known findings. */
  baseline?: string | undefined;
  charset?: string | undefined;
  collation?: string | undefined;
  newOnly?: boolean | undefined;
}

/** Validates raw options into a `Config`, or throws one ConfigError that names the option to fix. */
export function resolveConfig(raw: RawOptions): Config {
  const cwd = path.resolve(blank(raw.cwd) ?? '.');
  if (!existsSync(cwd) || !statSync(cwd).isDirectory())
    throw new ConfigError((name) => `${name.cwd} ${cwd} is not a directory`, { option: 'cwd' });
  const migrations = blank(raw.migrations);
  if (!migrations)
    throw new ConfigError(
      (name) =>
        `${name.migrations} is required (or "migrations" in the config file): a glob of migration files, e.g. 'migrations/*.js'`,
      { option: 'migrations' },
    );
  const model = blank(raw.model);
  if (model && !existsSync(path.resolve(cwd, model)))
    throw new ConfigError((name) => `${name.model} ${model} does not exist (relative to ${cwd})`, {
      option: 'model',
      file: path.resolve(cwd, model),
    });
  return {
    cwd,
    migrations,
    model,
    mysqlImage: blank(raw.mysqlImage) ?? DEFAULTS.mysqlImage,
    databaseUrl: databaseUrl(blank(raw.databaseUrl)),
    context: contextKind(blank(raw.context)),
    tables: list(raw.tables),
    ignoreTables: list(raw.ignoreTables) ?? [],
    strictNames: raw.strictNames ?? false,
    strictColumnOrder: raw.strictColumnOrder ?? false,
    stepTimeoutMs: seconds(blank(raw.stepTimeout)),
    metaTable: blank(raw.metaTable) ?? DEFAULTS.metaTable,
    // The config file's entries carry reasons; the flag or input only names the migrations.
    irreversible: (list(raw.irreversible) ?? []).map((migration) => ({ migration, reason: 'no reason given' })),
    minimumDowngrade: blank(raw.minimumDowngrade),
    base: blank(raw.base),
    seed: seed(cwd, raw),
    env: environment(raw.env),
    sequelize: {},
    severity: {},
    baseline: null,
    newOnly: newOnly(raw),
    charset: identifier(blank(raw.charset), 'charset'),
    collation: identifier(blank(raw.collation), 'collation'),
    ignore: [],
    configFile: null,
  };
}

function seed(cwd: string, raw: RawOptions): Seed | null {
  const file = blank(raw.seed);
  const after = blank(raw.seedAfter);
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
  if (!after && !blank(raw.base))
    throw new ConfigError(
      (name) =>
        `${name.seed} needs ${name.seedAfter} <migration> (the step after which the rows go in), or ${name.base} to seed the base's chain`,
      { option: 'seedAfter' },
    );
  return { file: absolute, after };
}

function environment(value: string | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of (value ?? '').split('\n')) {
    const entry = line.trim();
    if (!entry) continue;
    const match = entry.match(/^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/s);
    if (!match)
      throw new ConfigError(
        (name) => `${name.env} takes NAME=VALUE, e.g. DATABASE_URL={url}; got "${entry.split('=')[0]}…"`,
        { option: 'env' },
      );
    env[match[1]!] = match[2]!;
  }
  return env;
}

function newOnly(raw: RawOptions): boolean {
  if (!raw.newOnly) return false;
  if (!blank(raw.base))
    throw new ConfigError(
      (name) => `${name.newOnly} needs ${name.base} <ref>: the commit whose findings are already known`,
      { option: 'newOnly' },
    );
  return true;
}

/** A charset or collation name, as the server spells them: letters, digits and underscores. */
function identifier(value: string | null, option: 'charset' | 'collation'): string | null {
  if (value === null || /^[A-Za-z0-9_]+$/.test(value)) return value;
  throw new ConfigError(
    (name) => `${name[option]} must be a name such as utf8mb4 or utf8mb4_unicode_ci, not "${value}"`,
    { option },
  );
}

function blank(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function list(value: string | undefined): string[] | null {
  const items = (value ?? '')
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length > 0 ? items : null;
}

function contextKind(value: string | null): ContextKind {
  const kind = value ?? DEFAULTS.context;
  if (kind === 'auto' || kind === 'sequelize' || kind === 'mysql2') return kind;
  throw new ConfigError((name) => `${name.context} must be auto, sequelize or mysql2, not "${kind}"`, {
    option: 'context',
  });
}

function seconds(value: string | null): number {
  if (value === null) return DEFAULTS.stepTimeoutMs;
  const match = value.match(/^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/);
  const amount = match
    ? Number(match[1]) * ({ ms: 1, s: 1000, m: 60_000 } as const)[(match[2] as 'ms' | 's' | 'm') ?? 's']
    : NaN;
  if (!Number.isFinite(amount) || amount <= 0)
    throw new ConfigError(
      (name) => `${name.stepTimeout} must be a positive duration such as 60, 90s or 2m, not "${value}"`,
      { option: 'stepTimeout' },
    );
  return amount;
}

function databaseUrl(value: string | null): string | null {
  if (value === null) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError((name) => `${name.databaseUrl} is not a URL; write mysql://user:password@host:3306`, {
      option: 'databaseUrl',
    });
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:')
    throw new ConfigError((name) => `${name.databaseUrl} must start with mysql:// (got ${url.protocol}//)`, {
      option: 'databaseUrl',
    });
  return value;
}
