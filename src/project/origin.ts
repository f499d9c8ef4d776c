import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { sourceLine } from '../chain/sourcemaps.js';
import type { ConfigError, Message } from '../errors.js';
import type { OptionNames } from '../errors.js';
import type { Origin } from './protocol.js';

/** How much of what the project's code prints is kept per request. */
export const OUTPUT_LIMIT = 64 * 1024;

/**
 * The first frame of a stack in the project's own code (under its directory, not in node_modules):
 * where a timer that threw, or a call to process.exit, was written.
 */
export function originOf(stack: string | undefined, projectDir: string): Origin | null {
  const prefix = projectDir.endsWith(path.sep) ? projectDir : projectDir + path.sep;
  for (const match of (stack ?? '').matchAll(/\(?((?:file:\/\/)?\/[^\s()]+?):(\d+):(\d+)\)?$/gm)) {
    const file = match[1]!.startsWith('file://') ? fileURLToPath(match[1]!) : match[1]!;
    if (file.startsWith(prefix) && !file.includes(`${path.sep}node_modules${path.sep}`))
      return { file, line: sourceLine(file, Number(match[2]), Number(match[3])) };
  }
  return null;
}

// A character no option name or message holds.
const MARKER = '\u0000';
const MARKED = new RegExp(`${MARKER}(\\w+)${MARKER}`, 'g');

/** A message spelt with markers for its option names, so that it can cross a thread and be spelt again. */
export function spellWithMarkers(error: ConfigError): string {
  const markers = new Proxy({} as OptionNames, { get: (_, key) => `${MARKER}${String(key)}${MARKER}` });
  return error.describe(markers);
}

/** The message `spellWithMarkers` made, as a message the caller's names spell. */
export function unmark(message: string): Message {
  if (!message.includes(MARKER)) return message;
  return (names) => message.replace(MARKED, (_, key: string) => names[key] ?? key);
}

/** A value as JSON would carry it, functions dropped: what may cross to or from the worker as data. */
export function asData(value: unknown): unknown {
  const json = JSON.stringify(value, (_, item: unknown) => (typeof item === 'function' ? undefined : item));
  return json === undefined ? null : (JSON.parse(json) as unknown);
}
