import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { ConfigError } from '../errors.js';
import { importModule } from './modules.js';
import { sourceLine } from './sourcemaps.js';
import { splitStatements } from './sql.js';
import type { Chain, LoadFailure, Step, StepFunction } from './types.js';

const MODULE_EXTENSIONS = /\.(c|m)?(j|t)s$/;
const DECLARATION = /\.d\.(c|m)?ts$/;

/**
 * Finds the migration files the glob matches, in umzug's order: umzug sorts the absolute
 * paths the glob returns and names each migration after its file's base name. `NAME.up.sql` and
 * `NAME.down.sql` form one migration, as in umzug's documented SQL convention.
 */
export async function findMigrations(cwd: string, pattern: string): Promise<string[]> {
  const paths = (await glob(pattern, { cwd, absolute: true, expandDirectories: false, dot: false })).sort();
  if (migrationFiles(paths).length === 0) {
    const seen = paths.length > 0 ? ` (it matched ${paths.length} file(s), none a .js/.ts/.sql migration)` : '';
    throw new ConfigError((name) => `${name.migrations} '${pattern}' matched no migration in ${cwd}${seen}`, {
      option: 'migrations',
    });
  }
  return paths;
}

/** Loads the migrations `findMigrations` found. */
export async function loadChain(paths: string[], projectDir: string): Promise<Chain> {
  const migrations = chainFiles(paths);
  const entries: (Step | LoadFailure)[] = [];
  for (const file of migrations)
    entries.push(await (file.endsWith('.sql') ? loadSql(file) : loadModule(file, projectDir)));
  const orphans = paths.filter(
    (file) => file.endsWith('.down.sql') && !existsSync(file.replace(/\.down\.sql$/, '.up.sql')),
  );
  for (const file of orphans)
    entries.push(failure(file, null, `no ${path.basename(file).replace(/\.down\.sql$/, '.up.sql')} beside it`));
  return { entries };
}

function migrationFiles(paths: string[]): string[] {
  return paths.filter(isMigrationFile);
}

/**
 * The files that are the chain's steps, in the given order: its migrations, of two with the same file name
 * only the first, since umzug knows a migration by its file name alone (the other is a `duplicate`
 * finding). `loadChain` gives one entry for each, in this order, before those of orphan `.down.sql` files.
 */
export function chainFiles(paths: string[]): string[] {
  return migrationFiles(paths).filter(
    (file, i, all) => all.findIndex((other) => path.basename(other) === path.basename(file)) === i,
  );
}

/** A migration of its own: a module or SQL, not a `.down.sql` half or a declaration. */
export function isMigrationFile(file: string): boolean {
  return (
    !file.endsWith('.down.sql') && !DECLARATION.test(file) && (MODULE_EXTENSIONS.test(file) || file.endsWith('.sql'))
  );
}

async function loadSql(file: string): Promise<Step | LoadFailure> {
  const downFile = file.endsWith('.up.sql') ? file.replace(/\.up\.sql$/, '.down.sql') : null;
  const hasDown = downFile !== null && existsSync(downFile);
  return {
    name: path.basename(file),
    file,
    downFile: hasDown ? downFile : null,
    up: await sqlStep(file),
    down: hasDown ? await sqlStep(downFile) : null,
    upLine: 1,
    downLine: hasDown ? 1 : null,
  };
}

async function sqlStep(file: string): Promise<StepFunction> {
  const statements = splitStatements(await readFile(file, 'utf8'));
  return async ({ sql }) => {
    for (const statement of statements) {
      try {
        await sql(statement.sql);
      } catch (error) {
        throw Object.assign(error as Error, { file, line: statement.line });
      }
    }
  };
}

interface MigrationModule {
  up?: (...args: unknown[]) => unknown;
  down?: (...args: unknown[]) => unknown;
}

async function loadModule(file: string, projectDir: string): Promise<Step | LoadFailure> {
  let loaded: unknown;
  try {
    loaded = await importModule(file, projectDir);
  } catch (error) {
    // The project's compiler or tsconfig cannot be used: that is the whole project's, not this file's.
    if (error instanceof ConfigError) throw error;
    return failure(file, lineOf(error, file), firstLine(error));
  }
  const migration = findMigration(loaded);
  if (!migration)
    return failure(
      file,
      null,
      'exports no up() function (expected module.exports = { up, down }, export default or export const up)',
    );
  const source = await readFile(file, 'utf8');
  return {
    name: path.basename(file),
    file,
    downFile: null,
    up: call(migration, 'up', file),
    down: typeof migration.down === 'function' ? call(migration, 'down', file) : null,
    upLine: definitionLine(source, 'up'),
    downLine: definitionLine(source, 'down'),
  };
}

/**
 * Accepts named exports, `export default`, `module.exports` and `export =`, and the doubly wrapped
 * default that TypeScript's CommonJS output produces when imported from ESM. The loader's namespace may
 * list only some CommonJS exports as named ones, so whole export objects are preferred, and among them
 * one with both `up` and `down`.
 */
function findMigration(loaded: unknown): MigrationModule | null {
  const namespace = (loaded ?? {}) as Record<string, unknown>;
  const wrapped = namespace.default as Record<string, unknown> | undefined;
  const candidates = [namespace['module.exports'], wrapped, wrapped?.default, loaded].filter(
    (candidate): candidate is MigrationModule =>
      Boolean(candidate) && typeof (candidate as MigrationModule).up === 'function',
  );
  return candidates.find((candidate) => typeof candidate.down === 'function') ?? candidates[0] ?? null;
}

/**
 * Calls `up`/`down` as a method of its module (some migrations call helpers on `this`). sequelize-cli
 * style takes `(queryInterface, Sequelize)`; umzug style takes `({ name, path, context })`. One argument
 * serves both: the context object itself, given `name`, `path` and `context` properties of its own.
 */
function call(migration: MigrationModule, direction: 'up' | 'down', file: string): StepFunction {
  const fn = migration[direction]!;
  return async ({ context, library }) => {
    const argument =
      context && typeof context === 'object'
        ? Object.assign(Object.create(context) as object, { name: path.basename(file), path: file, context })
        : { name: path.basename(file), path: file, context };
    await fn.call(migration, argument, library);
  };
}

/** Node's module errors append a require stack; the first line says what is wrong. */
function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

function failure(file: string, line: number | null, message: string): LoadFailure {
  return { name: path.basename(file), file, line, message };
}

/** The line of the error in `file`, from its stack (source-mapped) or a syntax error's location. */
export function lineOf(error: unknown, file: string): number | null {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const frame = stack.match(new RegExp(`${escaped}:(\\d+)(?::(\\d+))?`));
  if (frame) return sourceLine(file, Number(frame[1]), Number(frame[2] ?? 1));
  // a syntax error's own message gives the line as written
  const located = stack.match(/\((\d+):\d+\)/);
  return located ? Number(located[1]) : null;
}

/** The line where `up` or `down` is defined: `up:`, `async up(`, `up = `, `function up(`, `exports.up`. */
export function definitionLine(source: string, name: 'up' | 'down'): number | null {
  const pattern = new RegExp(`(^|[\\s{,.])(async\\s+)?(function\\s+)?${name}\\s*(:|=(?!=)|\\()|exports\\.${name}\\b`);
  const lines = source.split('\n');
  const index = lines.findIndex((line) => pattern.test(line) && !/^\s*(\/\/|\*)/.test(line));
  return index === -1 ? null : index + 1;
}
