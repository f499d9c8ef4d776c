import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { check, type CheckResult } from './check.js';
import { loadConfig } from './config/load.js';
import type { RawOptions } from './config/resolve.js';
import { ConfigError } from './errors.js';
import { baselineOf, DEFAULT_BASELINE } from './findings/baseline.js';
import { describeError, EXIT, exitCodeOf } from './exit.js';
import { renderJson } from './report/json.js';
import { renderText } from './report/text.js';
import { toSnapshotJson } from './schema/snapshot.js';
import { VERSION } from './version.js';

const USAGE = `Usage: migration-gate check [--migrations <glob>] [--model <path>] [options]
       migration-gate snapshot [--migrations <glob>] [--output <file>] [options]
       migration-gate baseline [--migrations <glob>] [--model <path>] [--output <file>] [options]

check     replays a migration chain up, down and up again on a throwaway MySQL or MariaDB, one step at a
          time, and compares the resulting schema with the application's model.
snapshot  runs the chain up and writes the resulting schema as stable, engine-neutral JSON, to compare
          with later as --model schema.json.
baseline  runs check and writes its findings as known ones (.migration-gate/baseline.json): check then
          reports them as notices and fails only on new ones.

Options:
  --migrations <glob>       migration files, relative to --cwd (e.g. 'migrations/*.js')
  --model <path>            Sequelize models (directory or file) or a .sql DDL file
  --cwd <dir>               the project directory (default: current directory)
  --mysql-image <image>     server image to start (default: mysql:8.4; any MySQL 8.0+ or MariaDB 10.6+)
  --database-url <url>      use this server instead of a container: mysql://user:pass@host:port
  --context <kind>          what migrations receive: auto | sequelize | mysql2 (default: auto)
  --tables <a,b>            compare only these tables with the model
  --ignore-tables <a,b>     leave these tables out of every comparison
  --strict-names            an index/key/check that differs only in name is an error, not a warning
  --strict-column-order     a different column order is an error, not a warning
  --step-timeout <seconds>  stop a step that runs longer (default: 60)
  --meta-table <name>       the migration-metadata table, never compared (default: SequelizeMeta)
  --irreversible <a,b>      migrations whose down may not restore the schema (waived, shown as notices)
  --minimum-downgrade <m>   the oldest migration the chain must go back to: the down pass stops after it
  --base <git ref>          compare with this commit: edited, deleted, renamed or back-dated released
                            migrations, and the upgrade path (base chain, then the new migrations)
  --new-only                with --base: check the base commit too, and fail only on findings it does not have
  --seed <file>             .sql file or module that inserts rows; they must survive the rest of the chain
  --seed-after <migration>  run the seed after this migration (default with --base: after the base's chain)
  --env NAME=VALUE          set for the project's code (repeatable); {url} {host} {port} {user} {password}
                            {database} stand for the scratch schema; MIGRATION_GATE_DATABASE_URL is always set
  --sequelize-config <file> the project's sequelize-cli config (its NODE_ENV entry): define, timezone and
                            migrationStorageTableName are used; connection settings are not
  --charset <name>          default charset of the scratch schemas (default: the server's)
  --collation <name>        default collation of the scratch schemas (default: the server's)
  --baseline <file>         known findings (default: .migration-gate/baseline.json when it exists)
  --config <file>           options and ignore rules (default: migration-gate.config.json, .ts or .js
                            in --cwd, if present); flags override it
  --output <file>           snapshot: write the JSON here instead of to standard output
  --json                    check: print the report as JSON
  --no-color                no colours, even on a terminal
  -h, --help                this help
  -v, --version             the version

Exit codes: 0 no error findings, 1 error findings, 2 usage, configuration or infrastructure error.
`;

const OPTIONS = {
  migrations: { type: 'string' },
  model: { type: 'string' },
  cwd: { type: 'string' },
  'mysql-image': { type: 'string' },
  'database-url': { type: 'string' },
  context: { type: 'string' },
  tables: { type: 'string' },
  'ignore-tables': { type: 'string' },
  'strict-names': { type: 'boolean' },
  'strict-column-order': { type: 'boolean' },
  'step-timeout': { type: 'string' },
  'meta-table': { type: 'string' },
  irreversible: { type: 'string' },
  'minimum-downgrade': { type: 'string' },
  base: { type: 'string' },
  seed: { type: 'string' },
  'seed-after': { type: 'string' },
  env: { type: 'string', multiple: true },
  'sequelize-config': { type: 'string' },
  baseline: { type: 'string' },
  charset: { type: 'string' },
  'new-only': { type: 'boolean' },
  collation: { type: 'string' },
  config: { type: 'string' },
  output: { type: 'string' },
  json: { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY),
};

/** Runs the CLI and returns its exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr(`migration-gate: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT.error;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return EXIT.pass;
  }
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return EXIT.pass;
  }
  const command = positionals[0] ?? 'check';
  if (!['check', 'snapshot', 'baseline'].includes(command) || positionals.length > 1) {
    io.stderr(`migration-gate: unknown command "${positionals.join(' ')}"\n\n${USAGE}`);
    return EXIT.error;
  }
  const raw: RawOptions = {
    cwd: values.cwd,
    migrations: values.migrations,
    model: values.model,
    mysqlImage: values['mysql-image'],
    databaseUrl: values['database-url'],
    context: values.context,
    tables: values.tables,
    ignoreTables: values['ignore-tables'],
    strictNames: values['strict-names'],
    strictColumnOrder: values['strict-column-order'],
    stepTimeout: values['step-timeout'],
    metaTable: values['meta-table'],
    irreversible: values.irreversible,
    minimumDowngrade: values['minimum-downgrade'],
    base: values.base,
    seed: values.seed,
    seedAfter: values['seed-after'],
    env: values.env?.join('\n'),
    sequelizeConfig: values['sequelize-config'],
    baseline: values.baseline,
    charset: values.charset,
    newOnly: values['new-only'],
    collation: values.collation,
  };
  const color = values['no-color'] || process.env.NO_COLOR ? false : (values.color ?? io.isTty);
  try {
    const config = await loadConfig(raw, values.config ?? null);
    const log = values.json ? () => {} : (message: string) => io.stderr(`  ${message}\n`);
    const quiet = values.json || (command === 'snapshot' && !values.output);
    const run =
      command === 'snapshot'
        ? { ...config, model: null }
        : command === 'baseline'
          ? { ...config, baseline: null }
          : config;
    const result = await check(run, {
      log,
      upOnly: command === 'snapshot',
      phase: async (name, work) => {
        if (!quiet) io.stderr(`${name}\n`);
        return work();
      },
    });
    if (command === 'snapshot') return writeSnapshot(result, values.output, color, io);
    if (command === 'baseline')
      return writeBaseline(result, values.output ?? values.baseline ?? config.baseline?.file ?? DEFAULT_BASELINE, io);
    io.stdout(values.json ? `${renderJson(result)}\n` : renderText(result, { color }));
    return exitCodeOf(result);
  } catch (error) {
    io.stderr(`migration-gate: ${describeError(error)}\n`);
    if (process.env.MIGRATION_GATE_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`);
    if (error instanceof ConfigError && !error.where.option && !error.where.file) io.stderr(USAGE);
    return EXIT.error;
  }
}

/** `baseline`: today's error and warning findings, as the known ones. */
function writeBaseline(result: CheckResult, output: string, io: Io): number {
  if (result.coverage.gaps.length > 0) {
    // a baseline accepts findings; it must never accept that something was not checked
    io.stderr(renderText(result, { color: false }));
    io.stderr(`migration-gate: no baseline written: ${result.coverage.gaps.join('; ')}\n`);
    return EXIT.fail;
  }
  const file = path.resolve(result.cwd, output);
  const baseline = baselineOf(result.findings);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(baseline, null, 2)}\n`);
  io.stderr(`wrote ${path.relative(result.cwd, file)}: ${baseline.findings.length} known finding(s)\n`);
  return EXIT.pass;
}

/** `snapshot`: the chain's schema as JSON, or the report (on standard error) when the chain failed. */
function writeSnapshot(result: CheckResult, output: string | undefined, color: boolean, io: Io): number {
  if (result.verdict === 'fail' || result.schema === null) {
    io.stderr(renderText(result, { color }));
    io.stderr('migration-gate: no snapshot written: the chain did not run up cleanly\n');
    return EXIT.fail;
  }
  const json = toSnapshotJson(result.schema);
  if (output) {
    writeFileSync(path.resolve(result.cwd, output), json);
    io.stderr(`wrote ${output}: ${Object.keys(result.schema.tables).length} table(s)\n`);
  } else io.stdout(json);
  return EXIT.pass;
}
