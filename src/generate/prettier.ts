/**
 * The project's own Prettier, when it has one, formats the generated migration as it formats the others:
 * its version, config, plugins and ignore file, in a process of its own (a plugin is the project's code).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { lastWords, quote, runToEnd } from '../project/process.js';

export interface Prettier {
  /** Its command-line script. */
  bin: string;
  version: string;
  /** The package.json that lists it, relative to the project directory. */
  listedIn: string;
}

/** A formatter that does not end within this long is left behind, and the file kept as generated. */
const FORMAT_MS = 60_000;

/**
 * The Prettier of the nearest package.json, from the project directory up to the repository's root (a
 * monorepo lists it at its root), that lists it among its dependencies; null when none does or it is not
 * installed.
 */
export function projectPrettier(cwd: string): Prettier | null {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && listsPrettier(manifest)) return installed(manifest, cwd);
    if (existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return null;
  }
}

function listsPrettier(manifest: string): boolean {
  try {
    const json = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, Record<string, string> | undefined>;
    return ['dependencies', 'devDependencies'].some((field) => json[field]?.prettier !== undefined);
  } catch {
    return false;
  }
}

function installed(manifest: string, cwd: string): Prettier | null {
  try {
    const own = createRequire(manifest).resolve('prettier/package.json');
    const json = JSON.parse(readFileSync(own, 'utf8')) as { version: string; bin: string | Record<string, string> };
    const bin = typeof json.bin === 'string' ? json.bin : json.bin.prettier!;
    return { bin: path.join(path.dirname(own), bin), version: json.version, listedIn: path.relative(cwd, manifest) };
  } catch {
    // listed but not installed (no `npm ci` yet): nothing to format with
    return null;
  }
}

/** Formats the files in place; null when it did, else why not (the files are then as they were). */
export async function formatWith(prettier: Prettier, files: string[], cwd: string): Promise<string | null> {
  const command = [process.execPath, prettier.bin, '--write', ...files].map(quote).join(' ');
  const ran = await runToEnd(command, { cwd, env: {}, ms: FORMAT_MS });
  if (ran === null) return `it did not end within ${FORMAT_MS / 1000} s`;
  return ran.code === 0 ? null : `it failed with exit code ${ran.code}: ${lastWords(ran.output) ?? ''}`;
}
