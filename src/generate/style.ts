/**
 * How the project writes its migrations, read from its newest one: the module form and language, and the
 * name's ordering prefix, so that the generated file sorts last and looks like the others. Pure.
 */
import path from 'node:path';
import { orderingPrefix } from '../chain/duplicates.js';
import type { Flavor } from '../schema/types.js';
import type { ModuleStyle } from './module.js';

export type FileStyle = { sql: true; engine: Flavor['kind'] } | ({ sql: false; extension: string } & ModuleStyle);

/**
 * The style of a migration from its file name, its text, and what the chain's context is, for the engine
 * it is proven on.
 */
export function styleOf(
  file: string,
  text: string,
  context: 'sequelize' | 'mysql2',
  engine: Flavor['kind'],
): FileStyle {
  if (file.endsWith('.sql')) return { sql: true, engine };
  const extension = path.extname(file);
  const typescript = /\.(c|m)?ts$/.test(extension);
  const esm = /^\s*export\s/m.test(text) && !/module\.exports|exports\.\w+\s*=/.test(text);
  // umzug passes one object ({ name, context }), sequelize-cli the query interface and Sequelize
  const umzug = /\bup\s*(?::\s*[\w<>]+\s*)?(?:=|:)?\s*(?:async\s*)?(?:function\s*)?\(\s*\{/.test(text);
  const form = context === 'mysql2' ? 'mysql2' : umzug ? 'umzug' : 'sequelize-cli';
  return { sql: false, extension, typescript, esm, form, engine };
}

/**
 * The name of a migration after `newest` (a base name): its ordering prefix of the same form — a 14-digit
 * UTC timestamp (sequelize-cli), umzug's dotted one, an 8-digit date, or a zero-padded sequence — always
 * after the newest one's, then the words, joined as the newest name joins them.
 */
export function nameAfter(newest: string | null, words: string, now: Date): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, '');
  const compact = stamp.replace(/[-:T]/g, '');
  const prefix = newest === null ? null : orderingPrefix(newest);
  const separator = newest && prefix ? (newest[prefix.length] ?? '-') : '-';
  const next = (() => {
    if (prefix === null) return compact;
    if (/^\d{14}$/.test(prefix)) return later(compact, prefix);
    if (/^\d{4}\.\d{2}\.\d{2}T\d{2}\.\d{2}\.\d{2}$/.test(prefix)) {
      const dotted = stamp.replace(/-/g, '.').replace(/:/g, '.');
      return dotted > prefix
        ? dotted
        : `${prefix.slice(0, -2)}${String(Number(prefix.slice(-2)) + 1).padStart(2, '0')}`;
    }
    if (/^\d{8}$/.test(prefix)) return later(compact.slice(0, 8), prefix);
    return String(Number(prefix) + 1).padStart(prefix.length, '0');
  })();
  return `${next}${separator}${words}`;
}

/** `candidate` when it sorts after `prefix`, else `prefix` plus one. */
function later(candidate: string, prefix: string): string {
  return candidate > prefix ? candidate : String(BigInt(prefix) + 1n).padStart(prefix.length, '0');
}
