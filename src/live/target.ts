import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ConnectionOptions } from 'mysql2/promise';
import type { Config } from '../config/types.js';
import { ConfigError } from '../errors.js';

/** The running database `live` reads, and how to reach it. */
export interface LiveTarget {
  /** `user@host:port/schema`, for reports: never the password. */
  label: string;
  schema: string;
  /** How long to wait for it to connect, and for each read. */
  timeoutMs: number;
  /** What mysql2 connects with: read-only use, TLS as the URL says, the connect timeout. */
  connection: ConnectionOptions;
}

/** The live database of a `live` run, from the database URL; throws a ConfigError naming what to fix. */
export function liveTarget(config: Config): LiveTarget {
  const credentials = config.database;
  if (!credentials)
    throw new ConfigError(
      (name) =>
        `live needs ${name.databaseUrl}: the running database to read, e.g. mysql://reader:password@db.example.com:3306/appdb`,
      { option: 'databaseUrl' },
    );
  const schema = config.databaseName;
  if (!schema)
    throw new ConfigError(
      (name) =>
        `${name.databaseUrl} names no schema: live reads one, given as the URL's path (mysql://${credentials.user}@${credentials.host}:${credentials.port}/appdb)`,
      { option: 'databaseUrl' },
    );
  return {
    label: `${credentials.user}@${credentials.host}:${credentials.port}/${schema}`,
    schema,
    timeoutMs: config.connectTimeoutMs,
    connection: {
      ...credentials,
      database: schema,
      // one round trip for many reads (see read.ts); every statement sent is a read
      multipleStatements: true,
      connectTimeout: config.connectTimeoutMs,
      ssl: tlsOptions(config),
    },
  };
}

/** mysql2's `ssl`, as the MySQL client's `--ssl-mode` would connect. */
function tlsOptions(config: Config): ConnectionOptions['ssl'] {
  const tls = config.tls;
  if (!tls) return undefined;
  const ca = tls.ca === null ? undefined : readCa(path.resolve(config.cwd, tls.ca));
  switch (tls.mode) {
    case 'required':
      // encrypted, certificate unchecked: the client's REQUIRED
      return { rejectUnauthorized: false };
    case 'verify-ca':
      return { ca, rejectUnauthorized: true, verifyIdentity: false };
    case 'verify-identity':
      return { ca, rejectUnauthorized: true, verifyIdentity: true };
  }
}

function readCa(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      (name) => `${name.databaseUrl}'s ssl-ca ${file} cannot be read: ${(error as Error).message.split('\n')[0]}`,
      { option: 'databaseUrl', file },
    );
  }
}
