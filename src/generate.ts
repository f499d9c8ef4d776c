/**
 * `generate`: the migration that closes the drift between the chain's end and the model, in the
 * project's style, written only once it is proven: the chain with it replays up, down and up and matches
 * the model on the same server. Stages: run the chain up and read the model (check), plan (generate/plan),
 * render (generate/module, generate/sql), write, prove (check again), and keep or take back the file.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isMigrationFile } from './chain/load.js';
import { check, oneImage, type CheckOptions, type CheckResult } from './check.js';
import type { Config } from './config/types.js';
import { cleanupOnSignal } from './database/cleanup.js';
import { provision } from './database/provision.js';
import type { Server } from './database/server.js';
import { ConfigError } from './errors.js';
import { renderModule } from './generate/module.js';
import { plan, type Operation, type Plan } from './generate/plan.js';
import { renderSql } from './generate/sql.js';
import { formatWith, projectPrettier } from './generate/prettier.js';
import { nameAfter, styleOf } from './generate/style.js';
import type { Inspection } from './inspect.js';
import type { Flavor } from './schema/types.js';
import { hasModel } from './model/compare.js';
import { differenceKey, type Difference } from './schema/diff.js';
import { applyIgnoreRules } from './findings/ignore.js';
import { driftFindings } from './findings/make.js';

export interface GenerateOptions extends CheckOptions {
  /** Print the proven file instead of keeping it. */
  dryRun: boolean;
  /** Drop tables and columns the model no longer has. */
  allowDestructive: boolean;
  /** The words of the file's name; from its first change when not given. */
  name: string | null;
  /** The time the name's timestamp says (tests fix it). */
  now?: Date;
  /**
   * What a check of this chain just saw on `server` (the action's, in its `checked` hook): the chain's end
   * and the model are taken from it instead of running the chain up once more.
   */
  seen?: Inspection;
}

export interface Generated {
  /**
   * written or printed: proven; nothing: the chain's end is the model; skipped: every change was a
   * destructive one not allowed; unproven: the chain with the file did not pass, and it was taken back.
   */
  outcome: 'written' | 'printed' | 'nothing' | 'skipped' | 'unproven';
  /** The files, relative to the project directory, with their text. */
  files: GeneratedFile[];
  review: string[];
  skipped: string[];
  /** Why the file was not proven: the findings of the check with it. */
  problems: string[];
  /** How it was formatted. */
  notes: string[];
}

export interface GeneratedFile {
  /** Relative to the project directory. */
  file: string;
  text: string;
}

export async function generate(config: Config, options: GenerateOptions): Promise<Generated> {
  if (config.tool.kind !== 'umzug')
    throw new ConfigError((name) => `generate writes umzug migrations; ${name.runner} is ${config.tool.kind}`, {
      option: 'runner',
    });
  if (!hasModel(config))
    throw new ConfigError((name) => `generate needs the model to close the drift with: give ${name.model}`, {
      option: 'model',
    });
  // history is the pull request's question, not this one's
  const run: Config = { ...config, base: null, seed: null, newOnly: false, baseline: null };
  await using owned = options.server
    ? null
    : await provision({ credentials: config.database, image: oneImage(config, 'generate'), log: options.log });
  const server = options.server ?? owned!;
  const { inspection, errors } = options.seen
    ? { inspection: options.seen, errors: null }
    : await runUp(run, server, options);
  if (!inspection?.model)
    throw new ConfigError(
      () =>
        `the chain does not run up to its end${errors === null ? '' : ` (${errors} error(s))`}: run check, fix the chain, then generate`,
    );
  const planned = plan(
    inspection.model.expected,
    inspection.replay.replayed.snapshots.at(-1)!,
    toClose(inspection.evidence.model!, config),
    { allowDestructive: options.allowDestructive },
  );
  const skipped = planned.skipped.map((item) => `${item.what}: ${item.why}`);
  const review = planned.review.map((item) => item.why);
  if (planned.up.length === 0)
    return { outcome: skipped.length > 0 ? 'skipped' : 'nothing', files: [], review, skipped, problems: [], notes: [] };

  let files = render(config, planned, inspection, server.flavor.kind, options);
  // only what it wrote: a file of the same name that was there (the write refused it) is the project's
  const written: string[] = [];
  const takeBack = () => written.forEach((file) => rmSync(path.join(config.cwd, file), { force: true }));
  // interrupted while it proves, a file nothing proved is not left in the project
  const unregister = cleanupOnSignal(async () => takeBack());
  let problems: string[];
  let notes: string[];
  try {
    for (const file of files) {
      writeFileSync(path.join(config.cwd, file.file), file.text, { flag: 'wx' });
      written.push(file.file);
    }
    ({ files, notes } = await formatted(config.cwd, files));
    problems = await prove(run, server, files, planned, options);
  } catch (error) {
    takeBack();
    throw error;
  } finally {
    unregister();
  }
  if (problems.length > 0 || options.dryRun) takeBack();
  const outcome = problems.length > 0 ? 'unproven' : options.dryRun ? 'printed' : 'written';
  return { outcome, files, review, skipped, problems, notes };
}

/**
 * The written files as the project's Prettier leaves them, when it has one; else, or when it fails, as
 * generated. SQL files are not Prettier's.
 */
async function formatted(cwd: string, files: GeneratedFile[]): Promise<{ files: GeneratedFile[]; notes: string[] }> {
  const prettier = projectPrettier(cwd);
  const modules = files.filter((file) => !file.file.endsWith('.sql'));
  if (!prettier || modules.length === 0) return { files, notes: [] };
  const which = `the project's Prettier ${prettier.version} (${prettier.listedIn})`;
  const problem = await formatWith(
    prettier,
    modules.map((file) => file.file),
    cwd,
  );
  if (problem) {
    for (const file of modules) writeFileSync(path.join(cwd, file.file), file.text);
    return { files, notes: [`${which} did not format it, so it is as generated: ${problem}`] };
  }
  const read = files.map((file) =>
    file.file.endsWith('.sql') ? file : { ...file, text: readFileSync(path.join(cwd, file.file), 'utf8') },
  );
  // unchanged: it was formatted already, or the project's ignore files leave it out
  const changed = read.some((file, i) => file.text !== files[i]!.text);
  return { files: read, notes: changed ? [`formatted with ${which}`] : [] };
}

/** The chain run up on `server` beside the model, and how many errors stopped it (if any did). */
async function runUp(
  run: Config,
  server: Server,
  options: CheckOptions,
): Promise<{ inspection: Inspection | null; errors: number }> {
  const { result, inspection } = await inspected(run, { ...options, server, upOnly: true });
  return { inspection, errors: result.findings.filter((finding) => finding.severity === 'error').length };
}

/** A check, with what its stages saw on the server. */
async function inspected(
  config: Config,
  options: CheckOptions,
): Promise<{ result: CheckResult; inspection: Inspection | null }> {
  let inspection: Inspection | null = null;
  const result = await check(config, { ...options, inspected: (seen) => (inspection = seen) });
  return { result, inspection };
}

/**
 * What keeps the chain with the new file from passing: it must run as a step of its own (up, down, up
 * with no error of its own), leave no gap, and leave no difference with the model but those left out on
 * purpose (destructive ones without consent), whatever severity the project gives drift.
 */
async function prove(
  run: Config,
  server: Server,
  files: { file: string }[],
  planned: Plan,
  options: CheckOptions,
): Promise<string[]> {
  const { result: proof, inspection } = await inspected(run, { ...options, server, upOnly: false });
  const names = new Set(files.map((file) => path.basename(file.file)));
  const left = new Set(planned.skipped.map((item) => differenceKey(item.difference)));
  const remaining = inspection?.evidence.model
    ? toClose(inspection.evidence.model, run).filter((difference) => !left.has(differenceKey(difference)))
    : null;
  return [
    ...proof.coverage.gaps,
    ...(proof.steps.some((step) => names.has(step.name))
      ? []
      : ['the chain with it did not run it: does the glob match its name?']),
    ...(remaining === null
      ? ['the model was not compared']
      : remaining.map(
          (difference) =>
            `still differs from the model: ${difference.table}${difference.name ? `.${difference.name}` : ''} ${difference.attribute ?? difference.kind}`,
        )),
    ...proof.findings
      .filter((finding) => finding.severity === 'error' && names.has(finding.migration ?? ''))
      .map((finding) => `${finding.kind}: ${finding.message}`),
  ];
}

/**
 * The differences a migration should close: not those of a drift finding an ignore rule accepts (a column
 * with the index that went with it, as check groups them), column order never, names only where the
 * project is strict.
 */
function toClose(model: NonNullable<Inspection['evidence']['model']>, config: Config): Difference[] {
  const findings = driftFindings(model.differences, model.applied, model, config);
  const accepted = new Set(
    applyIgnoreRules(findings, config.ignore)
      .filter((finding) => finding.ignored !== undefined)
      .flatMap((finding) => finding.differences.map(differenceKey)),
  );
  return model.differences.filter(
    (difference) =>
      !accepted.has(differenceKey(difference)) &&
      difference.kind !== 'equivalent' &&
      difference.kind !== 'column-order' &&
      (difference.kind !== 'renamed' || config.strictNames),
  );
}

/** The plan as the project writes migrations, named to sort after its newest one, beside it. */
function render(
  config: Config,
  planned: Plan,
  inspection: Inspection,
  engine: Flavor['kind'],
  options: GenerateOptions,
): GeneratedFile[] {
  const newest = inspection.evidence.entries
    .map((entry) => entry.file)
    .filter(isMigrationFile)
    .at(-1)!;
  const style = styleOf(
    newest,
    readFileSync(newest, 'utf8'),
    inspection.replay.kind === 'mysql2' ? 'mysql2' : 'sequelize',
    engine,
  );
  const words = options.name ?? wordsOf(planned.up[0]!);
  const base = nameAfter(path.basename(newest), words.replace(/[^\w-]+/g, '-'), options.now ?? new Date());
  const dir = path.relative(config.cwd, path.dirname(newest));
  const review = new Map(planned.review.map((item) => [item.operation, item.why]));
  if (style.sql) {
    const sql = renderSql(planned.up, planned.down, review, engine);
    return [
      { file: path.join(dir, `${base}.up.sql`), text: sql.up },
      { file: path.join(dir, `${base}.down.sql`), text: sql.down },
    ];
  }
  const summary = `Closes the drift between the migrations and the model: ${planned.up.length} change(s), written by migration-gate generate.`;
  return [
    {
      file: path.join(dir, `${base}${style.extension}`),
      text: renderModule(planned.up, planned.down, review, style, summary),
    },
  ];
}

/** A name for the migration from its first change: `add-api-token`, `create-team`. */
function wordsOf(operation: Operation): string {
  const words = (verb: string, name: string) => `${verb}-${name.replace(/_/g, '-').toLowerCase()}`;
  switch (operation.op) {
    case 'addColumn':
      return words('add', operation.column.name);
    case 'createTable':
      return words('create', operation.table.name);
    case 'changeColumn':
      return words('change', operation.column.name);
    case 'addIndex':
      return words('add', operation.index.name);
    default:
      return 'close-model-drift';
  }
}
