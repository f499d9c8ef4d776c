import type { Credentials } from './server.js';

/** What `{placeholder}`s in --env values stand for: the scratch schema the chain runs in. */
export interface Placeholders {
  url: string;
  host: string;
  port: string;
  user: string;
  password: string;
  database: string;
}

export function placeholdersFor(credentials: Credentials, database: string): Placeholders {
  const auth = `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}`;
  return {
    url: `mysql://${auth}@${credentials.host}:${credentials.port}/${database}`,
    host: credentials.host,
    port: String(credentials.port),
    user: credentials.user,
    password: credentials.password,
    database,
  };
}

/** `{url}`, `{host}`, … replaced; an unknown `{name}` is left as it is. */
export function resolvePlaceholders(template: string, values: Placeholders): string {
  return template.replace(/\{(url|host|port|user|password|database)\}/g, (_, name: keyof Placeholders) => values[name]);
}

/** Names that say their value is a secret. */
const SECRET_NAME = /pass|secret|token|key|credential|auth|private/i;

/**
 * Sets the project's environment for the run (MIGRATION_GATE_DATABASE_URL always, and each --env with
 * its placeholders resolved), before any migration or model module is loaded: code that opens its own
 * connection from the environment then reaches the scratch schema. Undone when disposed. Returns the
 * values to mask in logs: the password (also as a URL spells it), and values under a secret-sounding name.
 */
export function setEnvironment(env: Record<string, string>, values: Placeholders): Disposable & { secrets: string[] } {
  const resolved = { MIGRATION_GATE_DATABASE_URL: '{url}', ...env };
  const previous = new Map<string, string | undefined>();
  // in a URL the password is percent-encoded
  const passwords = values.password ? [values.password, encodeURIComponent(values.password)] : [];
  const secrets = new Set<string>(passwords);
  for (const [name, template] of Object.entries(resolved)) {
    const value = resolvePlaceholders(template, values);
    previous.set(name, process.env[name]);
    process.env[name] = value;
    // a value built from the password (a URL) keeps the rest readable: the password alone is masked
    const holdsPassword = passwords.some((password) => value.includes(password));
    if (!holdsPassword && SECRET_NAME.test(name) && value.length >= 4) secrets.add(value);
  }
  return {
    secrets: [...secrets],
    [Symbol.dispose]() {
      for (const [name, value] of previous) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    },
  };
}

/** Replaces every secret in `text` with `***`, longest first, so that no part of one is left showing. */
export function mask(text: string, secrets: string[]): string {
  return [...secrets]
    .sort((a, b) => b.length - a.length)
    .reduce((masked, secret) => (secret ? masked.split(secret).join('***') : masked), text);
}
