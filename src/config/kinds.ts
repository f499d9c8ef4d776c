import { ConfigError } from '../errors.js';
import type { Waiver } from '../findings/types.js';

/** Where a server answers, and who the gate is there: what a database URL says. */
export interface Credentials {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** Options of a Sequelize instance that shape the schema it makes; never connection settings. */
export interface SequelizeOptions {
  define?: Record<string, unknown>;
  timezone?: string;
  quoteIdentifiers?: boolean;
}

/** A fragment of JSON Schema (draft-07), for `migration-gate.schema.json`. */
export type JsonSchema = { [keyword: string]: unknown };

/**
 * One kind of option value: how it is read from text (a CLI flag's value, an action input) and from the
 * config file, where JSON types it. Both give the same typed value, once; `undefined` is "not given"
 * (a blank string), so that a lower source or the default stands.
 */
export interface Kind<Value, File = Value> {
  /** The config file's form of the value, for the JSON Schema. */
  schema: JsonSchema;
  /** A CLI flag of this kind takes a value, is a switch (`--strict-names`), or is given once per item. */
  flag: 'value' | 'switch' | 'repeated';
  /** The value from text: a flag's value (each one, for a repeated flag) or an action input. */
  text?(value: string | readonly string[], option: string): Value | undefined;
  /** The value from the config file, as JSON types it. */
  file?(value: unknown, option: string): Value | undefined;
  /** How a value given over a lower one (the config file's) combines with it; by default it replaces it. */
  merge?(lower: Value, upper: Value): Value;
  /** The config file's type, for `defineConfig()` and the docs; never set. */
  readonly fileType?: File;
}

/** A ConfigError that names the option as the caller spells it: `${name} ${problem}`. */
export function invalid(option: string, problem: string, separator = ' '): ConfigError {
  return new ConfigError((name) => `${name[option]}${separator}${problem}`, { option });
}

const blank = (value: string): string | undefined => value.trim() || undefined;
const single = (value: string | readonly string[]): string => (typeof value === 'string' ? value : value.join('\n'));

/** A string, trimmed. */
export const text: Kind<string> = {
  schema: { type: 'string' },
  flag: 'value',
  text: (value) => blank(single(value)),
  file(value, option) {
    if (typeof value !== 'string') throw invalid(option, 'must be a string');
    return blank(value);
  },
};

/** One of a few words. */
export function oneOf<const Word extends string>(words: readonly Word[]): Kind<Word> {
  const read = (value: string, option: string): Word | undefined => {
    const word = blank(value);
    if (word === undefined || (words as readonly string[]).includes(word)) return word as Word | undefined;
    throw invalid(option, `must be ${words.slice(0, -1).join(', ')} or ${words.at(-1)}, not "${word}"`);
  };
  return {
    schema: { type: 'string', enum: words },
    flag: 'value',
    text: (value, option) => read(single(value), option),
    file(value, option) {
      if (typeof value !== 'string') throw invalid(option, 'must be a string');
      return read(value, option);
    },
  };
}

/** A charset or collation name, as the server spells them: letters, digits and underscores. */
export const serverName: Kind<string> = {
  schema: { type: 'string', pattern: '^[A-Za-z0-9_]+$' },
  flag: 'value',
  text: (value, option) => named(blank(single(value)), option),
  file(value, option) {
    if (typeof value !== 'string') throw invalid(option, 'must be a string');
    return named(blank(value), option);
  },
};

function named(value: string | undefined, option: string): string | undefined {
  if (value === undefined || /^[A-Za-z0-9_]+$/.test(value)) return value;
  throw invalid(option, `must be a name such as utf8mb4 or utf8mb4_unicode_ci, not "${value}"`);
}

/** Names: comma- or newline-separated as text, an array in the config file. */
export const list: Kind<string[]> = {
  schema: { type: 'array', items: { type: 'string' } },
  flag: 'value',
  text: (value) => names(single(value).split(/[,\n]/)),
  file(value, option) {
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
      throw invalid(option, 'must be an array of names');
    return names(value);
  },
};

/**
 * Server images: one, or several to check the chain on each (comma- or newline-separated as text; a
 * string or an array in the config file). An image named twice would only run the same check twice.
 */
export const images: Kind<string[], string | string[]> = {
  schema: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }] },
  flag: 'value',
  text: (value, option) => distinct(list.text!(value, option), option),
  file: (value, option) =>
    distinct(typeof value === 'string' ? list.text!(value, option) : list.file!(value, option), option),
};

function distinct(items: string[] | undefined, option: string): string[] | undefined {
  const twice = items?.find((item, i) => items.indexOf(item) !== i);
  if (twice !== undefined) throw invalid(option, `names ${twice} twice: list each image once`);
  return items;
}

function names(items: readonly string[]): string[] | undefined {
  const kept = items.map((item) => item.trim()).filter(Boolean);
  return kept.length > 0 ? kept : undefined;
}

/** On or off: a switch on the CLI, `true`/`false` as an action input, a boolean in the config file. */
export const boolean: Kind<boolean> = {
  schema: { type: 'boolean' },
  flag: 'switch',
  // As core.getBooleanInput reads an input, so that a typo such as `ture` is an error rather than false.
  text(value, option) {
    const word = single(value).trim();
    if (word === '') return undefined;
    if (['true', 'True', 'TRUE'].includes(word)) return true;
    if (['false', 'False', 'FALSE'].includes(word)) return false;
    throw invalid(option, `"${word}" is not a boolean: use true or false`, ': ');
  },
  file(value, option) {
    if (typeof value !== 'boolean') throw invalid(option, 'must be true or false');
    return value;
  },
};

/** A duration in milliseconds: seconds as a number, or a string such as `90s`, `2m`, `500ms`. */
export const duration: Kind<number, number | string> = {
  schema: {
    anyOf: [
      { type: 'number', exclusiveMinimum: 0 },
      { type: 'string', pattern: '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m)?\\s*$' },
    ],
  },
  flag: 'value',
  text: (value, option) => milliseconds(single(value), option),
  file(value, option) {
    if (typeof value === 'number') return milliseconds(String(value), option);
    if (typeof value === 'string') return milliseconds(value, option);
    throw invalid(option, 'must be a number of seconds or a string like "90s"');
  },
};

function milliseconds(given: string, option: string): number | undefined {
  const value = blank(given);
  if (value === undefined) return undefined;
  const match = value.match(/^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/);
  const amount = match
    ? Number(match[1]) * ({ ms: 1, s: 1000, m: 60_000 } as const)[(match[2] as 'ms' | 's' | 'm') ?? 's']
    : NaN;
  if (!Number.isFinite(amount) || amount <= 0)
    throw invalid(option, `must be a positive duration such as 60, 90s or 2m, not "${value}"`);
  return amount;
}

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Environment variables by name: `NAME=VALUE` lines as an input, one per flag on the CLI, an object (or
 * an array of `NAME=VALUE`) in the config file.
 */
export const environment: Kind<Record<string, string>, Record<string, string> | string[]> = {
  schema: {
    anyOf: [
      {
        type: 'object',
        propertyNames: { pattern: VARIABLE.source },
        additionalProperties: { type: 'string' },
      },
      { type: 'array', items: { type: 'string', pattern: '^\\s*[A-Za-z_][A-Za-z0-9_]*\\s*=' } },
    ],
  },
  flag: 'repeated',
  text: (value, option) => entries(typeof value === 'string' ? value.split('\n') : value, option),
  file(value, option) {
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return entries(value, option);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const given = Object.entries(value as Record<string, unknown>);
      if (given.every(([, item]) => typeof item === 'string')) {
        for (const [variable] of given) if (!VARIABLE.test(variable)) throw notAnEntry(variable, option);
        return given.length > 0 ? (Object.fromEntries(given) as Record<string, string>) : undefined;
      }
    }
    throw invalid(
      option,
      'must be an object of NAME: "value" (values may use {url}, {host}, {port}, {user}, {password}, {database})',
    );
  },
};

function entries(lines: readonly string[], option: string): Record<string, string> | undefined {
  const env: Record<string, string> = {};
  for (const line of lines) {
    const entry = line.trim();
    if (!entry) continue;
    const match = entry.match(/^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/s);
    if (!match) throw notAnEntry(entry.split('=')[0]!, option);
    env[match[1]!] = match[2]!;
  }
  return Object.keys(env).length > 0 ? env : undefined;
}

const notAnEntry = (variable: string, option: string) =>
  invalid(option, `takes NAME=VALUE, e.g. DATABASE_URL={url}; got "${variable}…"`);

/**
 * How to encrypt a connection, as the MySQL client's `--ssl-mode` says it: `required` encrypts,
 * `verify-ca` also checks the certificate against the CA, `verify-identity` also checks the host name.
 */
export interface Tls {
  mode: 'required' | 'verify-ca' | 'verify-identity';
  /** A CA file (PEM), relative to the project directory; null: Node's trusted CAs. */
  ca: string | null;
}

/** A server's URL, read once into what connecting takes. */
export interface DatabaseUrl {
  url: string;
  credentials: Credentials;
  /** The schema the URL's path names (`/appdb`), or null. */
  database: string | null;
  /** From `?ssl-mode=…&ssl-ca=…` (or `?ssl=true`); null: unencrypted. */
  tls: Tls | null;
}

const SSL_MODES = ['disabled', 'required', 'verify-ca', 'verify-identity'] as const;
const URL_PARAMETERS = ['ssl-mode', 'ssl-ca', 'ssl'];

/** `mysql://user:password@host:port` (or `mariadb://`). */
export const databaseUrl: Kind<DatabaseUrl, string> = {
  schema: { type: 'string', pattern: '^(mysql|mariadb)://' },
  flag: 'value',
  text: (value, option) => credentials(single(value), option),
  file(value, option) {
    if (typeof value !== 'string') throw invalid(option, 'must be a string');
    return credentials(value, option);
  },
};

/** The credentials a `mysql://` URL names: the one reading of a database URL, for the library's callers too. */
export function credentialsFromUrl(url: string): Credentials {
  const read = credentials(url, 'databaseUrl');
  if (!read) throw invalid('databaseUrl', 'is empty; write mysql://user:password@host:3306');
  return read.credentials;
}

function credentials(given: string, option: string): DatabaseUrl | undefined {
  const value = blank(given);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(option, 'is not a URL; write mysql://user:password@host:3306');
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:')
    throw invalid(option, `must start with mysql:// (got ${url.protocol}//)`);
  const decoded = (part: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw invalid(option, 'has a malformed %-escape; write a literal % as %25');
    }
  };
  const database = decoded(url.pathname.replace(/^\//, '')) || null;
  if (database?.includes('/')) throw invalid(option, `names one schema after the port, not a path (got /${database})`);
  return {
    url: value,
    credentials: {
      host: url.hostname,
      port: url.port ? Number(url.port) : 3306,
      user: decoded(url.username || 'root'),
      password: decoded(url.password),
    },
    database,
    tls: tlsOf(url.searchParams, option),
  };
}

/**
 * The URL's TLS parameters, in the MySQL client's words (`ssl-mode`, `ssl-ca`; underscores and any case
 * too), and `ssl=true` as Prisma and mysql2 URLs write it (verify everything against Node's CAs).
 */
function tlsOf(parameters: URLSearchParams, option: string): Tls | null {
  const given = new Map<string, string>();
  for (const [name, value] of parameters) {
    const known = name.toLowerCase().replace(/_/g, '-');
    if (!URL_PARAMETERS.includes(known))
      throw invalid(option, `has an unknown parameter ?${name}=…; it takes ${URL_PARAMETERS.join(', ')}`);
    given.set(known, value);
  }
  const ssl = given.get('ssl')?.toLowerCase();
  if (ssl !== undefined && !['true', 'false', '1', '0'].includes(ssl))
    throw invalid(option, `?ssl= takes true or false (got ${ssl}); ?ssl-mode= says more`);
  const mode = (given.get('ssl-mode') ?? (ssl === 'true' || ssl === '1' ? 'verify-identity' : 'disabled'))
    .toLowerCase()
    .replace(/_/g, '-');
  if (!(SSL_MODES as readonly string[]).includes(mode))
    throw invalid(option, `?ssl-mode= takes ${SSL_MODES.join(', ')} (got ${mode})`);
  const ca = given.get('ssl-ca') || null;
  if (mode === 'disabled') {
    if (ca) throw invalid(option, 'has ?ssl-ca= but no ?ssl-mode=verify-ca (or verify-identity)');
    return null;
  }
  // as the MySQL client does: a CA given with REQUIRED is checked (VERIFY_CA)
  return { mode: mode === 'required' && ca ? 'verify-ca' : (mode as Tls['mode']), ca };
}

/**
 * Migrations marked irreversible: names as text (no reason given), `{ migration, reason }` entries in the
 * config file (read there, see file.ts). The flag's names and the file's entries add up.
 */
export const waivers: Kind<Waiver[]> = {
  schema: {
    type: 'array',
    items: {
      type: 'object',
      properties: { migration: { type: 'string', minLength: 1 }, reason: { type: 'string', minLength: 1 } },
      required: ['migration', 'reason'],
      additionalProperties: false,
    },
  },
  flag: 'value',
  text: (value) => list.text!(value, 'irreversible')?.map((migration) => ({ migration, reason: 'no reason given' })),
  merge(lower, upper) {
    const named = new Set(upper.map((waiver) => waiver.migration));
    return [...upper, ...lower.filter((waiver) => !named.has(waiver.migration))];
  },
};

/** A config-file value with a structure of its own, read by file.ts; `merge` adds up or overlays. */
export function structured<Value>(schema: JsonSchema, merge?: (lower: Value, upper: Value) => Value): Kind<Value> {
  return merge ? { schema, flag: 'value', merge } : { schema, flag: 'value' };
}
