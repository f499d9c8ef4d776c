import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { check, type CheckResult } from './check.js';
import { generate, type Generated } from './generate.js';
import { loadConfig } from './config/load.js';
import { live } from './live.js';
import { helpText } from './config/docs.js';
import {
  COMMANDS,
  FLAG_NAMES,
  flagOf,
  nearest,
  OPTION_LIST,
  OPTIONS,
  withFileNames,
  type Command,
  type Option,
  type OptionKey,
} from './config/options.js';
import type { RawOptions } from './config/resolve.js';
import { ConfigError, type OptionNames } from './errors.js';
import { baselineOf, DEFAULT_BASELINE } from './findings/baseline.js';
import { describeError, EXIT, exitCodeOf } from './exit.js';
import { renderJson } from './report/json.js';
import { progress } from './report/progress.js';
import { renderSarif } from './report/sarif.js';
import { renderText } from './report/text.js';
import { toSnapshotJson } from './schema/snapshot.js';
import { VERSION } from './version.js';

// node:util's parseArgs options, from the option table: every flag of every command, by its name.
const FLAGS = Object.fromEntries(
  OPTION_LIST.flatMap(([key, spec]) => {
    const flag = flagOf(key);
    if (!flag) return [];
    const type = spec.kind.flag === 'switch' ? ('boolean' as const) : ('string' as const);
    return [
      [
        flag.long.slice(2),
        { type, ...(spec.kind.flag === 'repeated' && { multiple: true }), ...(flag.short && { short: flag.short }) },
      ],
    ];
  }),
) satisfies ParseArgsOptionsConfig;

/** The option each flag sets, by the flag's name without its dashes. */
const KEY_OF = Object.fromEntries(
  OPTION_LIST.flatMap(([key]) => {
    const flag = flagOf(key);
    return flag ? [[flag.long.slice(2), key]] : [];
  }),
) as Record<string, OptionKey>;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Standard output is a terminal: colours by default. */
  isTty: boolean;
  /** Standard error is a terminal of this width: progress updates one line in place. */
  progress?: { columns: number } | null;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY),
  progress: process.stderr.isTTY ? { columns: process.stderr.columns || 80 } : null,
};

/** Runs the CLI and returns its exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, allowNegative: true, strict: true });
  } catch (error) {
    io.stderr(`migration-gate: ${parseProblem(error)}\n\n${helpText(null)}`);
    return EXIT.error;
  }
  const { values, positionals } = parsed;
  const named = positionals[0];
  const command = named === undefined || named in COMMANDS ? ((named ?? 'check') as Command) : null;
  if (values.help) {
    io.stdout(helpText(named === undefined ? null : command));
    return EXIT.pass;
  }
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return EXIT.pass;
  }
  if (command === null || positionals.length > 1) {
    const expanded = expandedGlob(
      positionals.slice(named !== undefined && named in COMMANDS ? 1 : 0),
      values.migrations as string | undefined,
    );
    const near = positionals.length === 1 ? nearest(named!, Object.keys(COMMANDS)) : null;
    io.stderr(
      expanded
        ? `migration-gate: ${expanded}\n`
        : `migration-gate: unknown command "${positionals.join(' ')}"${near ? `; did you mean ${near}?` : ''}\n\n${helpText(null)}`,
    );
    return EXIT.error;
  }
  const raw: Record<string, unknown> = {};
  for (const [flag, value] of Object.entries(values)) {
    const key = KEY_OF[flag]!;
    const spec: Option = OPTIONS[key];
    // A flag another command takes is let through, as it always was, but said.
    if (!spec.commands.includes(command))
      io.stderr(`migration-gate: ${FLAG_NAMES[key]} does not apply to ${command}; ignored\n`);
    else if (!spec.shell) raw[key] = value;
  }
  const color = colorOf(values.color as boolean | undefined, io.isTty);
  const format =
    command === 'check' || command === 'live'
      ? (OPTIONS.format.kind.text!((values.format as string | undefined) ?? '', 'format') ??
        (values.json ? 'json' : 'text'))
      : 'text';
  const json = format !== 'text';
  const output = command === 'snapshot' || command === 'baseline' ? (values.output as string | undefined) : undefined;
  let names: OptionNames = FLAG_NAMES;
  try {
    const config = await loadConfig(raw as RawOptions, (values.config as string | undefined) ?? null);
    names = withFileNames(FLAG_NAMES, config.fileOptions, config.configFile);
    const quiet = json || (command === 'snapshot' && !output);
    const shown = progress(io.stderr, { tty: Boolean(io.progress), columns: io.progress?.columns ?? 80 });
    const run =
      command === 'snapshot'
        ? { ...config, model: null }
        : command === 'baseline'
          ? { ...config, baseline: null }
          : config;
    if (command === 'generate')
      return writeGenerated(
        await generate(config, {
          log: shown.log,
          phase: shown.phase,
          dryRun: Boolean(values['dry-run']),
          allowDestructive: Boolean(values['allow-destructive']),
          name: (values.name as string | undefined) ?? null,
        }),
        io,
      );
    const result = await (command === 'live' ? live : check)(run, {
      log: json ? () => {} : shown.log,
      upOnly: command === 'snapshot',
      phase: quiet ? (_name, work) => work() : shown.phase,
    });
    if (command === 'snapshot') return writeSnapshot(result, output, color, io);
    if (command === 'baseline') return writeBaseline(result, output ?? config.baseline?.file ?? DEFAULT_BASELINE, io);
    const verbose = Boolean(values.verbose);
    io.stdout(
      format === 'sarif'
        ? renderSarif(result, result.cwd)
        : format === 'json'
          ? `${renderJson(result)}\n`
          : renderText(result, { color, verbose }),
    );
    return exitCodeOf(result);
  } catch (error) {
    io.stderr(`migration-gate: ${describeError(error, names)}\n`);
    if (process.env.MIGRATION_GATE_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`);
    if (error instanceof ConfigError && !error.where.option && !error.where.file) io.stderr(helpText(command));
    return EXIT.error;
  }
}

/**
 * Colours: --color / --no-color, else FORCE_COLOR (set, and not 0 or false), else NO_COLOR, else whether
 * standard output is a terminal; the order Node's own util.styleText follows.
 */
function colorOf(flag: boolean | undefined, tty: boolean): boolean {
  if (flag !== undefined) return flag;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  if (process.env.NO_COLOR) return false;
  return tty;
}

/**
 * The shell expanded an unquoted glob (`--migrations migrations/*.ts`): its first file became the flag's
 * value, the others stray arguments. Says so, instead of "unknown command".
 */
function expandedGlob(stray: string[], migrations: string | undefined): string | null {
  const files = stray.filter((word) => /\.(c|m)?(j|t)s$|\.sql$/.test(word));
  if (files.length === 0 || files.length !== stray.length) return null;
  const folder = path.posix.dirname((migrations ?? files[0]!).split(path.sep).join('/'));
  const extension = path.extname(files[0]!);
  return `the shell expanded the glob of --migrations into ${files.length + (migrations ? 1 : 0)} files (${[migrations, ...files].filter(Boolean).slice(0, 3).join(' ')} …): quote it, --migrations '${folder}/*${extension}'`;
}

/** parseArgs' complaint, with the nearest known flag for one it does not know. */
function parseProblem(error: unknown): string {
  const message = (error as Error).message;
  const unknown = message.match(/^Unknown option '(--?[^']+)'/);
  if (!unknown) return message;
  const flags = OPTION_LIST.flatMap(([key]) => flagOf(key)?.long ?? []);
  const near = nearest(unknown[1]!, flags);
  return `Unknown option '${unknown[1]}'${near ? `; did you mean ${near}?` : ''}`;
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

/**
 * `generate`: the proven file (printed with --dry-run), what to review in it and what was left out; exit 1
 * when drift is left: every change destructive and not allowed, or a file that did not prove.
 */
function writeGenerated(generated: Generated, io: Io): number {
  const said = (title: string, lines: string[]) =>
    lines.length > 0 ? io.stderr(`${title}:\n${lines.map((line) => `  ${line}`).join('\n')}\n`) : undefined;
  if (generated.outcome === 'nothing') {
    io.stderr('nothing to generate: the chain ends where the model is\n');
    return EXIT.pass;
  }
  said('left out', generated.skipped);
  if (generated.outcome === 'skipped') {
    io.stderr('migration-gate: nothing written: every change is destructive; give --allow-destructive to write them\n');
    return EXIT.fail;
  }
  if (generated.outcome === 'unproven') {
    said('the chain with it did not pass', generated.problems);
    io.stderr(
      `migration-gate: nothing written: ${generated.files.map((file) => file.file).join(', ')} did not prove\n`,
    );
    return EXIT.fail;
  }
  for (const file of generated.files)
    if (generated.outcome === 'printed') io.stdout(`-- ${file.file}\n${file.text}`);
    else io.stderr(`wrote ${file.file}\n`);
  io.stderr('proven: the chain with it runs up, down and up again and ends where the model is\n');
  for (const note of generated.notes) io.stderr(`${note}\n`);
  said('review before it runs on production', generated.review);
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
