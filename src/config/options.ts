/**
 * Every option of migration-gate, declared once: its kind (how its value is read), default, description,
 * CLI flag, action input, config-file key, and the commands it applies to. CLI parsing and `--help`, the
 * action's inputs (action.yml), the config file's validation and JSON Schema, and the docs' tables
 * all come from OPTIONS. To add an option, add an entry here, use it in resolve.ts, and run `npm run options`.
 */
import { spellOptionsAs, type OptionNames as ErrorNames } from '../errors.js';
import { FINDING_KINDS, SEVERITY_KEYS, type IgnoreRule, type Severities } from '../findings/types.js';
import {
  boolean,
  databaseUrl,
  duration,
  environment,
  images,
  list,
  oneOf,
  serverName,
  structured,
  text,
  waivers,
  type Kind,
} from './kinds.js';
import type { SequelizeOptions } from './kinds.js';

/** What the docs say for an option that has no default. */
export const REQUIRED = '(required)';

/** The CLI's commands. The action runs `check`. */
export const COMMANDS = {
  check: {
    usage: '[--migrations <glob>] [--model <path>] [options]',
    summary:
      "replays a migration chain up, down and up again on a throwaway MySQL or MariaDB, one step at a time, and compares the resulting schema with the application's model.",
  },
  snapshot: {
    usage: '[--migrations <glob>] [--output <file>] [options]',
    summary:
      'runs the chain up and writes the resulting schema as stable, engine-neutral JSON, to compare with later as --model schema.json.',
  },
  baseline: {
    usage: '[--migrations <glob>] [--model <path>] [--output <file>] [options]',
    summary:
      'runs check and writes its findings as known ones (.migration-gate/baseline.json): check then reports them as notices and fails only on new ones.',
  },
  generate: {
    usage: '--migrations <glob> --model <path> [--name <words>] [--dry-run] [--allow-destructive] [options]',
    summary:
      'writes the migration that closes the drift between the chain and the model, in the style of the newest migration, only once the chain with it replays up, down and up and matches the model.',
  },
  live: {
    usage: '--database-url <url> [--migrations <glob>] [--model <path>] [options]',
    summary:
      'reads a running database (read-only): which migrations it recorded and which are pending, hand-made changes and half-applied migrations, whether the pending ones will run on it, and whether the model fits what it will be after them.',
  },
} as const;

export type Command = keyof typeof COMMANDS;

/** Where an option is given: a CLI flag, an action input, or a config-file key. */
export type Via = 'cli' | 'action' | 'file';

/** Each option's name as one caller spells it (the errors' OptionNames, with every key of the table). */
export type OptionNames = Record<OptionKey, string> & ErrorNames;

/** One option. */
export interface Option<Value = unknown, File = Value> {
  /** How its value is read (as text and from the config file) and merged. */
  kind: Kind<Value, File>;
  /**
   * What it does, for `--help`, action.yml, the JSON Schema and the docs; `name` spells the other options
   * as `via` names them (a test checks that each name is an option's).
   */
  description: (name: Readonly<Record<string, string>>, via: Via) => string;
  /** The value when no source gives one. */
  default?: Value;
  /** The default as the docs say it, when it is not `default` written out (or not the same everywhere). */
  shown?: string | Partial<Record<Via, string>>;
  /** The CLI flag as `--help` shows it: `--seed <file>`, `-h, --help`. None: not a flag. */
  flag?: string;
  /** The action input. None: not an input. */
  input?: string;
  /** action.yml's `default:` for the input ('' unless set: an empty input leaves the config file's value). */
  inputDefault?: string;
  /** A key of the config file (`migration-gate.config.json`), spelt like the option. */
  key?: true;
  /** The CLI commands it applies to. */
  commands: readonly Command[];
  /** Read by the shell itself (where output goes, --help), not part of the configuration of a run. */
  shell?: true;
}

const ALL = ['check', 'snapshot', 'baseline', 'live', 'generate'] as const;
/** Commands that judge findings, or (generate) close them. */
const JUDGING = ['check', 'baseline', 'live', 'generate'] as const;
/** Commands that replay the whole chain up, down and up (live runs it up only). */
const REPLAYING = ['check', 'baseline'] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry keeps its own kind's types
function option<const Spec extends Option<any, any>>(spec: Spec): Spec {
  return spec;
}

/** The entries of the config file's `ignore` (config/file.ts reads them). */
export const IGNORE_RULE_KEYS = ['table', 'column', 'index', 'attribute', 'kind', 'reason'] as const;

/** The options, in the order `--help` and the docs list them. */
export const OPTIONS = {
  migrations: option({
    kind: text,
    flag: '--migrations <glob>',
    input: 'migrations',
    key: true,
    commands: ALL,
    shown: REQUIRED,
    description: (name, via) =>
      `Glob of migration files, relative to ${name.cwd}, run in umzug's order (sorted paths), e.g. \`migrations/*.ts\`${via === 'file' ? '' : '. Required here or in the config file'}. With ${name.runner} \`alembic\`: the Alembic config file (default \`alembic.ini\`); not used with \`command\`.`,
  }),
  model: option({
    kind: text,
    flag: '--model <path>',
    input: 'model',
    key: true,
    commands: JUDGING,
    description: () =>
      'Sequelize models (a directory of sequelize-cli model factories, a factory file, or a module whose default export is `(sequelize) => void`), a `.sql` DDL file, or a `.json` schema snapshot. Without it the chain is checked but not compared with a model.',
  }),
  modelCommand: option({
    kind: text,
    flag: '--model-command <command>',
    input: 'model-command',
    key: true,
    commands: JUDGING,
    description: (name) =>
      `Instead of ${name.model}: a shell command, run in ${name.cwd}, that prints the model as MySQL DDL (for SQLAlchemy, \`metadata.create_all\` on a mock engine). A \`-- file: <path>\` line before a CREATE TABLE names the file that defines the table: drift is annotated on the line of that class or column there, otherwise on the DDL's own line.`,
  }),
  runner: option({
    kind: oneOf(['umzug', 'alembic', 'command']),
    default: 'umzug',
    flag: '--runner <tool>',
    input: 'runner',
    key: true,
    commands: ALL,
    description: (name) =>
      `What runs each step: \`umzug\` (the project's migration modules or SQL files, in the gate's own Node worker), \`alembic\` (\`alembic upgrade <revision>\` and \`alembic downgrade <revision>@-1\`, one revision at a time; ${name.migrations} names the \`alembic.ini\`), or \`command\` (any tool: ${name.list}, ${name.up} and ${name.down}). With \`alembic\` and \`command\` the tool reaches the scratch schema through ${name.env} (\`DATABASE_URL={url}\`).`,
  }),
  list: option({
    kind: text,
    flag: '--list <command>',
    input: 'list',
    key: true,
    commands: ALL,
    description: (name) =>
      `${name.runner} \`command\`: a shell command, run in ${name.cwd}, that prints the chain's steps in order, one a line: the step's name, then optionally its file (\`0001_users.sql db/0001_users.up.sql\`). Findings point at the file.`,
  }),
  up: option({
    kind: text,
    flag: '--up <command>',
    input: 'up',
    key: true,
    commands: ALL,
    description: (name) =>
      `${name.runner} \`command\`: runs one step up; \`{step}\` stands for its name and \`{file}\` for its file. It must exit non-zero when the step fails; what it prints is the step's log.`,
  }),
  down: option({
    kind: text,
    flag: '--down <command>',
    input: 'down',
    key: true,
    commands: ALL,
    description: (name) =>
      `${name.runner} \`command\`: reverts one step, the newest applied; \`{step}\` stands for its name, \`{file}\` for its file and \`{previous}\` for the step before it (empty for the first). Without it every step is irreversible.`,
  }),
  cwd: option({
    kind: text,
    flag: '--cwd <dir>',
    input: 'working-directory',
    inputDefault: '.',
    commands: ALL,
    shown: { cli: 'current directory', action: '`.`' },
    description: (_name, via) =>
      via === 'action'
        ? 'The project directory, relative to the repository root; annotations stay relative to the root.'
        : 'The project directory: paths and globs are relative to it.',
  }),
  mysqlImage: option({
    kind: images,
    default: ['mysql:8.4'],
    flag: '--mysql-image <image>',
    input: 'mysql-image',
    key: true,
    commands: ALL,
    description: (_name, via) =>
      `Image of the throwaway server; any MySQL 8.0+ or MariaDB 10.6+ image. \`check\` and \`baseline\` take several (${via === 'file' ? '`["mysql:8.4", "mariadb:11.4"]`' : '`mysql:8.4,mariadb:11.4`'}) and checks the chain on each server at once: the verdict per engine, each finding once with the engines it occurs on, and any error on any engine fails.`,
  }),
  databaseUrl: option({
    kind: databaseUrl,
    flag: '--database-url <url>',
    input: 'database-url',
    key: true,
    commands: ALL,
    description: (name) =>
      `Use this server instead of starting a container, e.g. a \`services:\` MySQL: \`mysql://root:password@127.0.0.1:3306\`. The gate works in scratch schemas of its own (\`mg_<random>_…\`) and drops only those; ${name.mysqlImage} is not used. For \`live\`: the running database to read, its schema as the path (\`mysql://reader:pw@db:3306/appdb\`), with \`?ssl-mode=required|verify-ca|verify-identity\` and \`&ssl-ca=<file>\` for TLS; the chain then replays on ${name.scratchUrl} or a container.`,
  }),
  scratchUrl: option({
    kind: databaseUrl,
    flag: '--scratch-url <url>',
    input: 'scratch-url',
    key: true,
    commands: ['live'],
    shown: 'a container',
    description: (name) =>
      `\`live\`: the server to replay the chain on, as ${name.databaseUrl} is for \`check\` (never the live one: the gate creates and drops schemas there).`,
  }),
  connectTimeout: option({
    kind: duration,
    default: 10_000,
    flag: '--connect-timeout <duration>',
    input: 'connect-timeout',
    key: true,
    commands: ['live'],
    shown: '`10` seconds',
    description: () =>
      '`live`: how long to wait for the live database to answer, to connect and to each of its two reads: seconds, or `30s`, `1m`.',
  }),
  context: option({
    kind: oneOf(['auto', 'sequelize', 'mysql2']),
    default: 'auto',
    flag: '--context <kind>',
    input: 'context',
    key: true,
    commands: ALL,
    description: () =>
      "What migrations receive: `sequelize` (the QueryInterface of a Sequelize built from the project's own installed `sequelize`), `mysql2` (a mysql2/promise connection), or `auto` (sequelize when the project has it).",
  }),
  command: option({
    kind: oneOf(['check', 'live', 'comment']),
    default: 'check',
    input: 'command',
    inputDefault: 'check',
    commands: ['check', 'live'],
    shell: true,
    description: (name) =>
      `What the action runs: \`check\` (replay the chain and compare it with the model), \`live\` (read the running database ${name.databaseUrl} names, read-only, before a deploy), or \`comment\` (post the comment of a JSON report ${name.report} names on pull request ${name.pullRequest}, running no project code: the second workflow of the pattern for forks' pull requests).`,
  }),
  report: option({
    kind: text,
    input: 'report',
    commands: ['check'],
    shell: true,
    description: (name) =>
      `\`command: comment\`: the JSON report a gate wrote (its \`report\` output), e.g. downloaded from the gate's artifact; relative to the workspace. Needs ${name.pullRequest}.`,
  }),
  pullRequest: option({
    kind: text,
    input: 'pull-request',
    commands: ['check'],
    shell: true,
    description: () => '`command: comment`: the number of the pull request to comment on.',
  }),
  tables: option({
    kind: list,
    flag: '--tables <a,b>',
    input: 'tables',
    key: true,
    commands: JUDGING,
    shown: 'all',
    description: (_name, via) => `Compare only these tables with the model${separated(via)}.`,
  }),
  ignoreTables: option({
    kind: list,
    flag: '--ignore-tables <a,b>',
    input: 'ignore-tables',
    key: true,
    commands: ALL,
    description: (_name, via) => `Leave these tables out of every comparison and snapshot${separated(via)}.`,
  }),
  strictNames: option({
    kind: boolean,
    default: false,
    flag: '--strict-names',
    input: 'strict-names',
    key: true,
    commands: JUDGING,
    description: () => 'An index, foreign key or check that differs only in name is an error, not a warning.',
  }),
  strictColumnOrder: option({
    kind: boolean,
    default: false,
    flag: '--strict-column-order',
    input: 'strict-column-order',
    key: true,
    commands: JUDGING,
    description: () => 'A different column order is an error, not a warning.',
  }),
  stepTimeout: option({
    kind: duration,
    default: 60_000,
    flag: '--step-timeout <duration>',
    input: 'step-timeout',
    key: true,
    commands: ALL,
    shown: '`60` seconds',
    description: () =>
      'A migration step that runs longer is stopped (its queries killed) and reported: seconds, or `90s`, `2m`, `500ms`.',
  }),
  metaTable: option({
    kind: text,
    default: 'SequelizeMeta',
    flag: '--meta-table <name>',
    input: 'meta-table',
    key: true,
    commands: ALL,
    description: (name) =>
      `The migration-metadata table, never compared; ${name.sequelizeConfig}'s \`migrationStorageTableName\` when not given.`,
  }),
  irreversible: option({
    kind: waivers,
    flag: '--irreversible <a,b>',
    input: 'irreversible',
    key: true,
    commands: REPLAYING,
    description: (_name, via) =>
      via === 'file'
        ? 'Migrations whose down may not restore the schema, each `{ "migration": "<name>", "reason": "<why>" }`: their `irreversible` and `down-mismatch` findings become notices, shown with the reason.'
        : `Migrations whose down may not restore the schema${separated(via)}: their \`irreversible\` and \`down-mismatch\` findings become notices. The config file can give each a reason.`,
  }),
  unsafe: option({
    kind: waivers,
    flag: '--unsafe <a,b>',
    input: 'unsafe',
    key: true,
    commands: REPLAYING,
    description: (_name, via) =>
      via === 'file'
        ? 'Migrations whose cost or risk is accepted, each `{ "migration": "<name>", "reason": "<why>" }`: their `table-copy`, `write-lock`, `rebuild`, `destructive` and `breaking-change` findings become notices, shown with the reason.'
        : `Migrations whose cost or risk is accepted${separated(via)}: their \`table-copy\`, \`write-lock\`, \`rebuild\`, \`destructive\` and \`breaking-change\` findings become notices. The config file can give each a reason.`,
  }),
  lintAll: option({
    kind: boolean,
    default: false,
    flag: '--lint-all',
    input: 'lint-all',
    key: true,
    commands: REPLAYING,
    description: (name) =>
      `Probe every migration's statements on the server (table copies, write locks, rebuilds, destructive changes), not only those new since ${name.base}.`,
  }),
  minimumDowngrade: option({
    kind: text,
    flag: '--minimum-downgrade <migration>',
    input: 'minimum-downgrade',
    key: true,
    commands: REPLAYING,
    description: () =>
      'The oldest migration the chain must be able to go back to: the down pass stops after it, and the re-up pass starts there.',
  }),
  base: option({
    kind: text,
    flag: '--base <git ref>',
    input: 'base',
    key: true,
    commands: REPLAYING,
    shown: { action: 'from the event' },
    description: (_name, via) =>
      "Git ref to compare the migrations with: edited, deleted, renamed or back-dated released migrations are findings, and the base's chain is run with the new migrations on top (the upgrade path) and compared with a fresh replay." +
      (via === 'action'
        ? " When not given, the event's: on `pull_request`, the pull request's base commit; on `merge_group`, the queue's base (`merge_group.base_sha`); on `push`, the commit before the push (none for a new branch); other events: none. Fetched if the checkout is shallow; `none` turns the history checks off."
        : ''),
  }),
  newOnly: option({
    kind: boolean,
    default: false,
    flag: '--new-only',
    input: 'new-only',
    key: true,
    commands: ['check'],
    description: (name, via) =>
      `Check the base commit's chain too, on the same server, and fail only on findings it does not have; needs ${name.base}${via === 'action' ? ' (on `pull_request`, `merge_group` and `push` the event gives one)' : ''}.`,
  }),
  seed: option({
    kind: text,
    flag: '--seed <file>',
    input: 'seed',
    key: true,
    commands: REPLAYING,
    description: (name) =>
      `A \`.sql\` file or a module (run like a migration's \`up\`, e.g. a sequelize-cli seeder) that inserts rows after ${name.seedAfter}; every seeded row must survive the rest of the chain.`,
  }),
  seedAfter: option({
    kind: text,
    flag: '--seed-after <migration>',
    input: 'seed-after',
    key: true,
    commands: REPLAYING,
    shown: "after the base's chain",
    description: (name) => `The migration after which the seed runs (required without ${name.base}).`,
  }),
  env: option({
    kind: environment,
    flag: '--env NAME=VALUE',
    input: 'env',
    key: true,
    commands: ALL,
    description: (_name, via) =>
      `Environment variables for the project's code, set before any migration or model is loaded${{ cli: ' (repeat the flag)', action: ': one `NAME=VALUE` a line', file: ': `{ "NAME": "value" }`' }[via]}. \`{url}\`, \`{host}\`, \`{port}\`, \`{user}\`, \`{password}\` and \`{database}\` stand for the scratch schema the chain runs in; \`MIGRATION_GATE_DATABASE_URL\` is always set. Secrets are masked.`,
  }),
  sequelizeConfig: option({
    kind: text,
    flag: '--sequelize-config <file>',
    input: 'sequelize-config',
    key: true,
    commands: ALL,
    description: () =>
      "The project's sequelize-cli config module (e.g. `config/config.js`): its `NODE_ENV` entry's `define`, `timezone` and `migrationStorageTableName` are used, connection settings are not.",
  }),
  charset: option({
    kind: serverName,
    flag: '--charset <name>',
    input: 'charset',
    key: true,
    commands: ALL,
    shown: "the server's",
    description: () => "Default charset of the scratch schemas, as production's database has it.",
  }),
  collation: option({
    kind: serverName,
    flag: '--collation <name>',
    input: 'collation',
    key: true,
    commands: ALL,
    shown: "the server's",
    description: () => "Default collation of the scratch schemas, as production's database has it.",
  }),
  baseline: option({
    kind: text,
    flag: '--baseline <file>',
    input: 'baseline',
    key: true,
    commands: REPLAYING,
    shown: '`.migration-gate/baseline.json` if present',
    description: (name) =>
      `Known findings, relative to ${name.cwd}: reported as notices, only new ones fail. \`migration-gate baseline\` writes it.`,
  }),
  config: option({
    kind: text,
    flag: '--config <file>',
    input: 'config',
    commands: ALL,
    shell: true,
    shown: '`migration-gate.config.json` (or `.ts`, `.js`) if present',
    description: (name, via) =>
      `Config file with options, severities and ignore rules, relative to ${name.cwd}; ${via === 'action' ? 'inputs' : 'flags'} override it.`,
  }),
  severity: option({
    kind: structured<Severities>(
      {
        type: 'object',
        properties: Object.fromEntries(
          SEVERITY_KEYS.map((key) => [key, { type: 'string', enum: ['error', 'warning', 'off'] }]),
        ),
        additionalProperties: false,
      },
      (lower, upper) => ({ ...lower, ...upper }),
    ),
    key: true,
    commands: JUDGING,
    description: () =>
      'A severity per finding kind (`column-order`) or drift aspect (`drift:comment`): `error` (fails), `warning` or `off` (not reported).',
  }),
  ignore: option({
    kind: structured<IgnoreRule[]>(
      {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            table: { type: 'string', minLength: 1, description: 'Table name; `*` matches any run of characters.' },
            column: { type: 'string', minLength: 1 },
            index: { type: 'string', minLength: 1 },
            attribute: {
              type: 'string',
              minLength: 1,
              description: 'The attribute that differs, e.g. `type`, `default`, `nullable`, `name`.',
            },
            kind: { type: 'string', enum: FINDING_KINDS },
            reason: { type: 'string', minLength: 1, description: 'Shown in the report.' },
          } satisfies Record<(typeof IGNORE_RULE_KEYS)[number], unknown>,
          required: ['table', 'reason'],
          additionalProperties: false,
        },
      },
      (lower, upper) => [...lower, ...upper],
    ),
    key: true,
    commands: JUDGING,
    description: () =>
      'Accepted differences, each `{ "table", "column"?, "index"?, "attribute"?, "kind"?, "reason" }`: a finding a rule matches becomes a notice with the reason.',
  }),
  sequelize: option({
    kind: structured<SequelizeOptions>(
      {
        type: 'object',
        properties: {
          define: { type: 'object' },
          timezone: { type: 'string' },
          quoteIdentifiers: { type: 'boolean' },
        },
      },
      (lower, upper) => ({ ...lower, ...upper }),
    ),
    key: true,
    commands: ALL,
    description: (name) =>
      `The project's Sequelize options that shape the schema (\`define\`, \`timezone\`, \`quoteIdentifiers\`), over those of ${name.sequelizeConfig}.`,
  }),
  output: option({
    kind: text,
    flag: '--output <file>',
    commands: ['snapshot', 'baseline'],
    shell: true,
    shown: 'standard output (`snapshot`), the baseline file (`baseline`)',
    description: () => 'Where `snapshot` writes the schema, or `baseline` the known findings.',
  }),
  name: option({
    kind: text,
    flag: '--name <words>',
    commands: ['generate'],
    shell: true,
    shown: 'from the first change (`add-api-token`)',
    description: () => "The words of the generated migration's name, after its ordering prefix.",
  }),
  dryRun: option({
    kind: boolean,
    default: false,
    flag: '--dry-run',
    commands: ['generate'],
    shell: true,
    description: () => 'Print the generated migration, proven as it would be written, instead of writing it.',
  }),
  allowDestructive: option({
    kind: boolean,
    default: false,
    flag: '--allow-destructive',
    commands: ['generate'],
    shell: true,
    description: () =>
      'Also drop the tables and columns the model no longer has; without it they are left out and listed. (A type the model narrows is written with a REVIEW comment either way.)',
  }),
  generate: option({
    kind: boolean,
    default: false,
    input: 'generate',
    inputDefault: 'false',
    commands: ['check'],
    shell: true,
    description: (name) =>
      `When the check finds drift between the migrations and the model: also write the migration that closes it (as \`migration-gate generate --dry-run\` does, proven up, down and up on the check's server), show it in the job summary and, with ${name.comment} on, in the pull-request comment as a file to commit, upload it as an artifact laid out as in the repository, and set the \`migration\` and \`migration-directory\` outputs. Never changes the verdict.`,
  }),
  json: option({
    kind: boolean,
    default: false,
    flag: '--json',
    commands: ['check', 'live'],
    shell: true,
    description: (name) => `Print the report as JSON (the same as ${name.format} json).`,
  }),
  format: option({
    kind: oneOf(['text', 'json', 'sarif']),
    default: 'text',
    flag: '--format <format>',
    commands: ['check', 'live'],
    shell: true,
    description: () =>
      'The report on standard output: `text`, `json`, or `sarif` (SARIF 2.1.0, for `github/codeql-action/upload-sarif`).',
  }),
  verbose: option({
    kind: boolean,
    default: false,
    flag: '--verbose',
    commands: ['check', 'live', 'baseline', 'snapshot'],
    shell: true,
    description: () => 'List every step of the chain in the report, not only those that are not ok.',
  }),
  sarif: option({
    kind: text,
    input: 'sarif',
    commands: ['check', 'live'],
    shell: true,
    shown: 'none',
    description: () =>
      'Also write the findings as SARIF 2.1.0 to this path (relative to the workspace), for `github/codeql-action/upload-sarif`; the `sarif` output names it.',
  }),
  comment: option({
    kind: boolean,
    default: false,
    input: 'comment',
    inputDefault: 'false',
    commands: ['check', 'live'],
    shell: true,
    description: (name) =>
      `On a pull request, keep one comment with the verdict and every finding, updated in place on each push and marked resolved when the gate passes again; needs ${name.githubToken} with \`pull-requests: write\`. On a fork's pull request (a read-only token) it is a notice, not a failure.`,
  }),
  githubToken: option({
    kind: text,
    input: 'github-token',
    inputDefault: '${{ github.token }}',
    commands: ['check', 'live'],
    shell: true,
    shown: '`${{ github.token }}`',
    description: (name) => `The token ${name.comment} posts with.`,
  }),
  color: option({
    kind: boolean,
    flag: '--color',
    commands: ALL,
    shell: true,
    shown: 'on a terminal',
    description: () => 'Colours in the report; `--no-color` (or `NO_COLOR=1`) turns them off.',
  }),
  help: option({
    kind: boolean,
    flag: '-h, --help',
    commands: ALL,
    shell: true,
    description: () => "This help; after a command, that command's options.",
  }),
  version: option({
    kind: boolean,
    flag: '-v, --version',
    commands: ALL,
    shell: true,
    description: () => 'The version.',
  }),
};

const separated = (via: Via) => (via === 'file' ? '' : ' (comma- or newline-separated)');

type Options = typeof OPTIONS;

/** An option's name: its config-file key, and how code refers to it (`where.option`, `name.seed`). */
export type OptionKey = keyof Options;

/** The typed value of an option, as its kind reads it. */
export type ValueOf<K extends OptionKey> = Options[K]['kind'] extends Kind<infer Value, infer _File> ? Value : never;

/** The typed values of options, each read once from whichever source gave it. */
export type OptionValues = { [K in OptionKey]?: ValueOf<K> };

/** Options that are keys of the config file. */
export type FileKey = { [K in OptionKey]: Options[K] extends { key: true } ? K : never }[OptionKey];

/** Options a CLI flag or an action input gives for a run (not the shell's own, such as --output). */
export type GivenKey = {
  [K in OptionKey]: Options[K] extends { shell: true } ? never : Options[K] extends { flag: string } ? K : never;
}[OptionKey];

/**
 * The content of `migration-gate.config.{json,ts,js}`, as the file types it: every key optional; flags
 * and inputs override it.
 */
export type ConfigFileContent = {
  [K in '$schema' | FileKey]?: K extends FileKey
    ? Options[K]['kind'] extends Kind<infer _Value, infer File>
      ? File
      : never
    : string;
};

/** Every option, as [key, option] pairs in the table's order. */
export const OPTION_LIST = Object.entries(OPTIONS) as [OptionKey, Option][];

/** The option's CLI flag (`--seed`) and its value's placeholder (`<file>`), or null for none. */
export function flagOf(key: OptionKey): { long: string; short: string | null; value: string | null } | null {
  const spec: Option = OPTIONS[key];
  const match = spec.flag?.match(/^(?:-(\w), )?--([\w-]+)(?: (.+))?$/);
  return match ? { long: `--${match[2]}`, short: match[1] ?? null, value: match[3] ?? null } : null;
}

function spelling(name: (key: OptionKey, spec: Option) => string): OptionNames {
  return Object.fromEntries(OPTION_LIST.map(([key, spec]) => [key, name(key, spec)])) as OptionNames;
}

/** The CLI's flags: how messages name the options unless the caller spells them its own way. */
export const FLAG_NAMES: OptionNames = spelling((key) => flagOf(key)?.long ?? `"${key}" in the config file`);
spellOptionsAs(FLAG_NAMES);

/** The action's inputs, as action.yml names them. */
export const INPUT_NAMES: OptionNames = spelling((key, spec) =>
  spec.input ? spec.input : spec.key ? `"${key}" in the config file` : FLAG_NAMES[key],
);

/** The config file's keys, quoted as its messages quote them. */
export const KEY_NAMES: OptionNames = spelling((key, spec) => (spec.key ? `"${key}"` : FLAG_NAMES[key]));

/**
 * `names`, but the options the config file set (and no flag or input overrode) spelt as its keys, so
 * that a message points at the line to fix: `"seed" in migration-gate.config.json`.
 */
export function withFileNames(names: ErrorNames, fromFile: readonly OptionKey[], file: string | null): ErrorNames {
  if (!file || fromFile.length === 0) return names;
  const base = file.split(/[\\/]/).at(-1);
  const spelt: Record<string, string> = { ...names };
  for (const key of fromFile) spelt[key] = `"${key}" in ${base}`;
  return spelt;
}

/** The known word closest to `given` (a typo of it), or null when none is close. */
export function nearest(given: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const word of known) {
    const distance = editDistance(given.toLowerCase(), word.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [word, distance];
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(given.length / 3)) ? best : null;
}

/** Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  return rows[a.length]![b.length]!;
}
