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
 * The project's environment for the run: MIGRATION_GATE_DATABASE_URL always, and each --env with its
 * placeholders resolved. The project host sets them before any migration or model module loads, so that
 * code that opens its own connection from the environment reaches the scratch schema; the gate's own
 * environment is left alone. `secrets` are the values to mask in logs: the password (also as a URL spells
 * it), and values under a secret-sounding name.
 */
export function projectEnvironment(
  env: Record<string, string>,
  values: Placeholders,
): { variables: Record<string, string>; secrets: string[] } {
  const templates = { MIGRATION_GATE_DATABASE_URL: '{url}', ...env };
  // in a URL the password is percent-encoded
  const passwords = values.password ? [values.password, encodeURIComponent(values.password)] : [];
  const secrets = new Set<string>(passwords);
  const variables: Record<string, string> = {};
  for (const [name, template] of Object.entries(templates)) {
    const value = resolvePlaceholders(template, values);
    variables[name] = value;
    // a value built from the password (a URL) keeps the rest readable: the password alone is masked
    const holdsPassword = passwords.some((password) => value.includes(password));
    if (!holdsPassword && SECRET_NAME.test(name) && value.length >= 4) secrets.add(value);
  }
  return { variables, secrets: [...secrets] };
}

/** Replaces every secret in `text` with `***`, longest first, so that no part of one is left showing. */
export function mask(text: string, secrets: string[]): string {
  return [...secrets]
    .sort((a, b) => b.length - a.length)
    .reduce((masked, secret) => (secret ? masked.split(secret).join('***') : masked), text);
}
