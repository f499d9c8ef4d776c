/**
 * How messages name options, by the option's key (config/options.ts): as the caller spells them, `--seed`
 * for the CLI, `seed` for the action. Plain strings here, so that errors need nothing of the option table,
 * whose value kinds throw them.
 */
export type OptionNames = Readonly<Record<string, string>>;
/** Where a problem happened, for messages that point at the file or option to fix. */
export interface Where {
	/** The option to fix, by its key; the message names it as the caller spells it (see ConfigError.describe). */
	option?: string;
	file?: string;
	migration?: string;
	direction?: Direction;
}
export type Direction = "up" | "down" | "re-up";
/**
 * A message that names options is written as a function of their names, `(name) => `${name.seed} …``,
 * so that the CLI says `--seed` and the action `seed` from the same error.
 */
export type Message = string | ((name: OptionNames) => string);
/** Bad input: a flag, an input, a path or a file the user must fix. Exit code 2. */
export declare class ConfigError extends Error {
	#private;
	readonly where: Where;
	name: string;
	/** `message` names the options as the CLI's flags; `describe()` names them as the caller does. */
	constructor(message: Message, where?: Where, options?: ErrorOptions);
	/** The message with the options spelt as `names` spells them, e.g. the action's inputs. */
	describe(names: OptionNames): string;
}
/** The environment failed: Docker, the image, the server. Exit code 2. */
export declare class InfraError extends Error {
	#private;
	name: string;
	/** Options in the message are named as in ConfigError: `describe()` spells them for the caller. */
	constructor(message: Message, options?: ErrorOptions);
	describe(names: OptionNames): string;
}
export type Algorithm = "INSTANT" | "INPLACE" | "COPY";
/**
 * The schema model: plain, JSON-ready data, the same whichever server it came from. A snapshot of a
 * database is a `Schema`; `normalise` produces it from the rows information_schema returned.
 */
/** A whole database schema: its tables by name. */
export interface Schema {
	tables: Record<string, Table>;
}
export interface Table {
	name: string;
	engine: string | null;
	/** Default charset of the table, derived from its collation. */
	charset: string | null;
	collation: string | null;
	comment: string;
	/** Table options other than the defaults, e.g. `row_format=COMPACT`, sorted; '' for none. */
	options: string;
	columns: Column[];
	/** Columns of the primary key in key order, or null when the table has none. */
	primaryKey: string[] | null;
	indexes: Index[];
	foreignKeys: ForeignKey[];
	checks: Check[];
}
export interface Column {
	name: string;
	/** 1-based position in the table. */
	position: number;
	/** Full column type in canonical spelling, e.g. `varchar(64)`, `int unsigned`, `tinyint(1)`, `json`. */
	type: string;
	nullable: boolean;
	/**
	 * Default in SQL spelling: a quoted literal (`'abc'`, `'0'`), `b'0'`, or an expression
	 * (`CURRENT_TIMESTAMP(3)`, `(uuid())`); null when there is no default or the default is NULL.
	 */
	default: string | null;
	autoIncrement: boolean;
	/** `CURRENT_TIMESTAMP[(n)]` for ON UPDATE columns. */
	onUpdate: string | null;
	generated: Generated | null;
	/** Only when it differs from the table's default; null means "inherited" or "not a text column". */
	charset: string | null;
	collation: string | null;
	comment: string;
}
export interface Generated {
	expression: string;
	stored: boolean;
}
export type IndexKind = "btree" | "fulltext" | "spatial";
export interface IndexPart {
	/** The column, or null for a functional part. */
	column: string | null;
	expression: string | null;
	/** Prefix length in characters, for prefix indexes. */
	prefix: number | null;
	descending: boolean;
}
export interface Index {
	name: string;
	unique: boolean;
	kind: IndexKind;
	parts: IndexPart[];
	visible: boolean;
}
export type ReferentialAction = "RESTRICT" | "CASCADE" | "SET NULL" | "SET DEFAULT";
export interface ForeignKey {
	name: string;
	columns: string[];
	referencedTable: string;
	referencedColumns: string[];
	/** RESTRICT stands for RESTRICT, NO ACTION and no clause alike: InnoDB treats them the same. */
	onDelete: ReferentialAction;
	onUpdate: ReferentialAction;
}
export interface Check {
	name: string;
	clause: string;
}
/** Server flavor and version, parsed from `SELECT VERSION()`. */
export interface Flavor {
	kind: "mysql" | "mariadb";
	version: [
		number,
		number,
		number
	];
	/** The raw VERSION() string, for reports. */
	raw: string;
}
export type ObjectKind = "table" | "column" | "primaryKey" | "index" | "foreignKey" | "check";
/**
 * - missing: in the expected schema, not in the actual one;
 * - extra: in the actual schema, not in the expected one;
 * - changed: in both, one attribute differs;
 * - renamed: the same index, foreign key or check under another name;
 * - column-order: the same columns in another order;
 * - equivalent: on one side only, but the same constraint as something both sides have (a UNIQUE index
 *   on exactly the primary key's columns).
 */
export type DifferenceKind = "missing" | "extra" | "changed" | "renamed" | "column-order" | "equivalent";
export interface Difference {
	kind: DifferenceKind;
	object: ObjectKind;
	table: string;
	/** Column, index, foreign key or check name; for `renamed`, the expected name. */
	name: string | null;
	/** For `changed`: which attribute, e.g. `type`, `nullable`, `default`, `parts`. */
	attribute: string | null;
	expected: unknown;
	actual: unknown;
	/**
	 * For a `changed` or `renamed` index, foreign key or check: its whole definition on the expected side, so
	 * that a message can say what it is (its columns, what it references), not only its name.
	 */
	definition?: Index | ForeignKey | Check;
	/** For a `changed` index the two sides name differently (paired by its columns): the actual side's name. */
	actualName?: string;
}
/**
 * How one direction of one step went: ok; failed (threw); timeout; mismatch (ran, but did not give the
 * expected schema); irreversible (no down); not-loaded (its file could not be loaded); skipped (not run
 * because an earlier problem made it meaningless).
 */
export type Outcome = "ok" | "failed" | "timeout" | "mismatch" | "irreversible" | "not-loaded" | "skipped";
export interface PhaseResult {
	outcome: Outcome;
	ms: number | null;
}
/** One row of the chain table: a migration and how each phase went. */
export interface StepReport {
	name: string;
	file: string;
	up: PhaseResult;
	down: PhaseResult;
	reup: PhaseResult;
	/** What the migration's code printed while it ran, in every pass ('' for nothing). */
	log: string;
}
/** A statement a step sent, and the error the server returned to it (null when it ran). */
export interface StepStatement {
	sql: string;
	error: string | null;
}
/** What ran the chain: umzug with a Sequelize or mysql2 context, or a tool's commands. */
export type ChainKind = "sequelize" | "mysql2" | "alembic" | "command";
declare const FINDING_KINDS: readonly [
	"load-error",
	"duplicate",
	"migration-error",
	"irreversible",
	"down-mismatch",
	"reup-mismatch",
	"drift",
	"model-error",
	"name-only",
	"column-order",
	"unchecked",
	"edited-migration",
	"deleted-migration",
	"renamed-migration",
	"out-of-order",
	"upgrade-error",
	"upgrade-mismatch",
	"data-loss",
	"frozen-default",
	"equivalent",
	"swallowed-error",
	"snapshot-fallback",
	"live-drift",
	"half-applied",
	"live-position",
	"missing-migration",
	"table-copy",
	"write-lock",
	"rebuild",
	"destructive",
	"breaking-change",
	"not-probed"
];
export type FindingKind = (typeof FINDING_KINDS)[number];
export type Severity = "error" | "warning" | "notice";
declare const DRIFT_ASPECTS: readonly [
	"table-only-in-model",
	"table-only-in-migrations",
	"table",
	"column-only-in-model",
	"column-only-in-migrations",
	"type",
	"nullable",
	"default",
	"comment",
	"charset",
	"auto-increment",
	"on-update",
	"generated",
	"primary-key",
	"index-only-in-model",
	"index-only-in-migrations",
	"index",
	"unique",
	"foreign-key-only-in-model",
	"foreign-key-only-in-migrations",
	"foreign-key",
	"check-only-in-model",
	"check-only-in-migrations",
	"check"
];
export type DriftAspect = (typeof DRIFT_ASPECTS)[number];
/** What the config file's `severity` sets: a kind (`drift`), or one aspect of drift (`drift:comment`). */
export type SeverityKey = FindingKind | `drift:${DriftAspect}`;
/** A team's severity for a kind of finding: `off` drops it. */
export type KindSeverity = "error" | "warning" | "off";
/** The config file's `severity`. */
export type Severities = Partial<Record<SeverityKey, KindSeverity>>;
/** An accepted difference: findings it matches are reported as notices, with the reason, and do not fail. */
export interface IgnoreRule {
	/** Table name; `*` matches any run of characters. */
	table: string;
	column?: string;
	index?: string;
	/** The attribute that differs, e.g. `type`, `default`, `nullable`, `name`. */
	attribute?: string;
	kind?: FindingKind;
	reason: string;
}
/** A migration marked irreversible on purpose. */
export interface Waiver {
	migration: string;
	reason: string;
}
/** What the two sides of a comparison are called: `model` / `migrations`, `fresh database` / `upgraded database`. */
export interface Sides {
	expected: string;
	actual: string;
}
/** One thing the gate found, with where to look. Renderers only read findings. */
export interface Finding {
	kind: FindingKind;
	severity: Severity;
	/** One line, readable on its own. */
	message: string;
	/** Absolute path of the file at fault: the migration, or for drift the model. */
	file: string | null;
	line: number | null;
	table: string | null;
	column: string | null;
	/** The migration concerned, also for drift when a migration is known to have caused it. */
	migration: string | null;
	direction: Direction | null;
	/** The differences behind a mismatch or drift finding. */
	differences: Difference[];
	/** What the expected and actual sides of its differences are, for renderers to label them. */
	sides?: Sides;
	/** For drift: what it is about (`"severity": { "drift:<aspect>": … }`). */
	aspect?: DriftAspect;
	/** What usually causes this kind of finding, the fix, and how to accept it. */
	hint?: string;
	/** For a finding on a step: the statements the step sent, in order, with the errors the server returned. */
	statements?: StepStatement[];
	/** For table-copy, write-lock and rebuild: what the server chose for the statement, and its reason. */
	probe?: {
		statement: string;
		algorithm: Algorithm;
		online: boolean;
		rebuild: boolean;
		reason: string | null;
		server: string;
	};
	/** The reason of the config file's ignore rule that accepted this finding. */
	ignored?: string;
	/** In the baseline: a known finding, reported as a notice. */
	known?: boolean;
	/** In a check on several engines: the images of those it occurred on. */
	engines?: string[];
}
/** Options of a Sequelize instance that shape the schema it makes; never connection settings. */
export interface SequelizeOptions {
	define?: Record<string, unknown>;
	timezone?: string;
	quoteIdentifiers?: boolean;
}
/**
 * What identifies a finding across runs: its kind, table, object and migration, never its file, line or
 * wording, so that moving lines, reformatting or rewording does not make a known finding new.
 */
export interface Fingerprint {
	kind: FindingKind;
	table: string | null;
	/** The column, index, key or check the finding is about. */
	object: string | null;
	migration: string | null;
}
/** A baseline entry: the fingerprint, and the message when it was recorded, for people reading the file. */
export interface BaselineEntry extends Fingerprint {
	message: string;
}
export type ModelKind = "sequelize" | "sql" | "snapshot" | "command";
/** Seeded data a step lost or changed. */
export type DataLoss = {
	kind: "rows-lost";
	table: string;
	lost: number;
	of: number;
} | {
	kind: "values-changed";
	table: string;
	/** Null when the table has no primary key: rows cannot be matched, only counted. */
	column: string | null;
	changed: number;
	of: number;
	example: {
		before: string | null;
		after: string | null;
	} | null;
}
/** A column dropped while another was added in the same step: a rename done as drop + add. */
 | {
	kind: "column-replaced";
	table: string;
	column: string;
	by: string;
	values: number;
};
/** What happened to the seeded rows over the rest of the path. */
export interface DataCheck {
	/** The seed file, and the step it ran after (null: before the first). */
	seed: string;
	after: string | null;
	/** How many migrations ran after the seed: 0 means nothing was checked. */
	steps: number;
	/** Rows per table right after the seed, and at the end of the path (null: the table was dropped). */
	tables: {
		table: string;
		seeded: number;
		final: number | null;
	}[];
	/** Losses by the step that caused them. */
	losses: {
		step: number;
		loss: DataLoss;
	}[];
}
/** What the pull request did to a migration that was already released (present at the base). */
export type HistoryChange = {
	kind: "edited";
	name: string;
	file: string;
	/** Only whitespace or line endings changed: nothing a database sees. */
	whitespaceOnly: boolean;
	added: number;
	removed: number;
	/** The first line that differs, in the pull request's version. */
	line: number;
} | {
	kind: "deleted";
	name: string;
	file: string;
} | {
	kind: "renamed";
	name: string;
	from: string;
	file: string;
}
/** A new migration that sorts before the newest released one. */
 | {
	kind: "back-dated";
	name: string;
	file: string;
	newest: string;
};
export interface History {
	changes: HistoryChange[];
	/** Migrations the pull request adds, in umzug's order (renamed ones included: umzug sees a new name). */
	added: string[];
	/** Migrations present at the base, in its umzug order. */
	released: string[];
}
/** What the report shows of the history, upgrade-path and data checks. */
export interface HistoryReport {
	base: {
		ref: string;
		sha: string;
	} | null;
	history: History | null;
	/** The upgrade path that ran: base steps, new steps, and its time; null when it did not run. */
	upgrade: {
		released: number;
		added: number;
		ms: number;
		failed: boolean;
	} | null;
	data: DataCheck | null;
}
/** What the server chose for one statement: the cheapest way it accepted, and why not a cheaper one. */
export interface Measured {
	/** As the step sent it. */
	sql: string;
	table: string;
	algorithm: Algorithm;
	/** Writes go on while it runs (LOCK=NONE was accepted, or it is INSTANT). */
	online: boolean;
	/** The table was rebuilt: a COPY, or an INPLACE change after which InnoDB's table id is another. */
	rebuild: boolean;
	/** The server's words for refusing the cheaper way; null for INSTANT. */
	reason: string | null;
	/** The statement named its algorithm (`ALGORITHM=COPY`): that one was run, not the cheapest. */
	asWritten: boolean;
}
/** How much of the chain and the model the check really ran and compared. */
export interface Coverage {
	/** Migrations in the chain. */
	steps: number;
	/** Steps that ran (and, for down and re-up, were judged) in each pass. */
	up: number;
	down: number;
	reup: number;
	/** What each pass should run: --minimum-downgrade keeps steps out of down and re-up; a snapshot runs up only. */
	expected: {
		up: number;
		down: number;
		reup: number;
	};
	/** Model tables compared with the chain's, out of the model's; null without a model. */
	tables: {
		compared: number;
		model: number;
	} | null;
	/**
	 * Why something went unchecked; empty when everything was. A check with a gap never passes, whatever a
	 * baseline, an ignore rule or a severity accepts: those accept differences, never "not checked".
	 */
	gaps: string[];
}
export interface Snapshots {
	/**
	 * The schema now. Given the schema a step should have given back (a down pass restores the schema before
	 * the step), the tables the step touched are compared with it as DDL first, and read only when they differ.
	 */
	snapshot(expected?: Schema): Promise<Schema>;
	/** Forget what is known: the next snapshot reads the whole schema (after the schema was emptied). */
	invalidate(): void;
	/**
	 * Reads the whole schema once and compares it with the last snapshot, which must be the latest state:
	 * call it right after a snapshot. Returns what differs (expected: the whole read, actual: the
	 * snapshot), [] when nothing does or when the last snapshot read the whole schema anyway. After a
	 * difference, every later snapshot reads the whole schema.
	 */
	verify(): Promise<Difference[]>;
	/**
	 * How many whole reads were made (by snapshots and by verify()), how many snapshots read some tables or
	 * nothing, and how many found the tables a step touched as expected by their DDL.
	 */
	reads: {
		all: number;
		some: number;
		none: number;
		same: number;
	};
}
interface Generated$1 {
	/**
	 * written or printed: proven; nothing: the chain's end is the model; skipped: every change was a
	 * destructive one not allowed; unproven: the chain with the file did not pass, and it was taken back.
	 */
	outcome: "written" | "printed" | "nothing" | "skipped" | "unproven";
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
/** What the report shows of the probe: each statement measured, with the server's choice. */
export interface ProbeReport {
	server: string;
	/** How many steps were probed, and how many of their statements could not be measured. */
	steps: number;
	unmeasured: number;
	statements: (Pick<Measured, "sql" | "table" | "algorithm" | "online" | "rebuild" | "reason"> & {
		migration: string;
	})[];
	/** Copying each step's schema during the replay, and probing after it (not reading the base's model). */
	ms: number;
}
/** What a check found: the one thing the reports, the exit code and the library read. */
export interface CheckResult {
	/** pass: no error finding, and everything was checked (`coverage.gaps` is empty). */
	verdict: "pass" | "fail";
	server: {
		flavor: Flavor;
		origin: string;
	};
	context: ChainKind;
	cwd: string;
	steps: StepReport[];
	findings: Finding[];
	model: {
		kind: ModelKind;
		files: string[];
		tables: string[];
	} | null;
	/** The chain's resulting schema (after the first up pass), or null when it did not run to its end. */
	schema: Schema | null;
	/** Tables compared between the chain's result and the model. */
	compared: string[];
	/** How much of the chain and the model was checked, and what was not. */
	coverage: Coverage;
	/** What the project's code printed while its modules loaded (a step's own output is in its `log`). */
	loadLog: string;
	/** Things the reader should know that are not findings, e.g. a phase that was skipped. */
	notes: string[];
	/**
	 * The baseline that was applied (the file, or the base commit's own findings with --new-only): how many
	 * findings it knew, and its entries that no longer occur.
	 */
	baseline: {
		label: string;
		known: number;
		fixed: BaselineEntry[];
	} | null;
	/** --base and --seed: the history, upgrade-path and data checks; null when neither was asked for. */
	history: HistoryReport | null;
	/** --base or --lint-all: the new migrations' statements as the server measured them; null when none were probed. */
	probe: ProbeReport | null;
	timings: {
		serverMs: number;
		replayMs: number;
		upgradeMs: number;
		probeMs: number;
		modelMs: number;
		totalMs: number;
	};
	/** `live`: the database it read, where it stands in the chain, and what the deploy will do; null for a check. */
	live: LiveReport | null;
	/** Snapshots taken, their time, and how many read the whole schema, some tables, or nothing. */
	snapshots: {
		count: number;
		p50Ms: number;
		p95Ms: number;
		reads: Snapshots["reads"];
	};
	/**
	 * A check on several engines (`--mysql-image a,b`): each one's verdict and own result, in the order
	 * given; null on one. The findings above are then theirs merged, each with the engines it occurred on.
	 */
	engines: EngineRun[] | null;
	/** The action's `generate`: the migration that closes the drift; absent when not asked for or none was needed. */
	proposal?: Proposal;
}
/** A migration that closes the drift, proposed beside the findings (`migration-gate generate --dry-run`). */
export interface Proposal extends Omit<Generated$1, "outcome"> {
	/** printed: proven; skipped: every change destructive; unproven: the chain with it did not pass. */
	outcome: Extract<Generated$1["outcome"], "printed" | "skipped" | "unproven">;
	/** The server it was proven on. */
	server: string;
	/** The page to download it from: the uploaded artifact's; null when it was not uploaded. */
	artifact: string | null;
}
/** The check on one engine of several. */
export interface EngineRun {
	/** The image, as given. */
	image: string;
	/** The server it ran, e.g. "MariaDB 11.8.3" (the image where two would read alike). */
	label: string;
	verdict: "pass" | "fail";
	errors: number;
	warnings: number;
	/** Its own part of the result; its findings are those of the whole result that name its image. */
	result: EngineResult;
}
export type EngineResult = Pick<CheckResult, "server" | "steps" | "coverage" | "notes" | "timings" | "snapshots" | "probe" | "history">;
/** What `live` found of a running database, beside its findings. */
export interface LiveReport {
	/** `user@host:port/schema`. */
	database: string;
	server: Flavor;
	tables: number;
	views: number;
	/** Names in its meta table. */
	recorded: number;
	/** The newest migration of the chain it recorded; null for none. */
	newest: string | null;
	/** What a deploy runs, in order. */
	pending: string[];
	/** Recorded names no file has. */
	missing: string[];
	/** Where its schema stands among the chain's; null when the replay did not get that far. */
	state: {
		/** The migration after which the chain gives the schema it has (or nearly: see drift); null: before the first. */
		at: string | null;
		/** The migration it has part of, when one failed midway. */
		halfApplied: string | null;
		/** Differences no migration explains. */
		drift: number;
		/** Whether that is where the meta table says it is. */
		asRecorded: boolean;
	} | null;
	/** The pending migrations run on a copy of its schema: how many, whether they ran, the first that failed, the time. */
	deploy: {
		steps: number;
		ran: boolean;
		failed: string | null;
		ms: number;
	};
	/** What reading it took: round trips to the server, and time. */
	reads: {
		roundTrips: number;
		ms: number;
	};
}
/** The exit codes, one table for the CLI and the action. */
export declare const EXIT: {
	/** No error finding. */
	readonly pass: 0;
	/** At least one error finding. */
	readonly fail: 1;
	/** Usage, configuration or infrastructure error: nothing was judged. */
	readonly error: 2;
};
/** The content of `migration-gate.config.{json,ts,js}`: every key is optional, flags override it. */
export interface MigrationGateConfig {
	$schema?: string;
	/** What runs each step: umzug (default), Alembic's CLI, or the commands `list`, `up` and `down`. */
	runner?: "umzug" | "alembic" | "command";
	migrations?: string;
	list?: string;
	up?: string;
	down?: string;
	model?: string;
	/** A shell command that prints the model as DDL. */
	modelCommand?: string;
	/** One image, or several to check on each (`['mysql:8.4', 'mariadb:11.4']`). */
	mysqlImage?: string | string[];
	databaseUrl?: string;
	/** `live`: the server to replay on instead of a container. */
	scratchUrl?: string;
	/** `live`: seconds, or a string like "30s". */
	connectTimeout?: number | string;
	context?: "auto" | "sequelize" | "mysql2";
	tables?: string[];
	ignoreTables?: string[];
	strictNames?: boolean;
	strictColumnOrder?: boolean;
	/** Seconds, or a string like "90s". */
	stepTimeout?: number | string;
	metaTable?: string;
	minimumDowngrade?: string;
	base?: string;
	seed?: string;
	seedAfter?: string;
	env?: Record<string, string> | string[];
	sequelizeConfig?: string;
	baseline?: string;
	charset?: string;
	collation?: string;
	newOnly?: boolean;
	sequelize?: SequelizeOptions;
	severity?: Severities;
	ignore?: IgnoreRule[];
	irreversible?: Waiver[];
	unsafe?: Waiver[];
	lintAll?: boolean;
}
/** Types a config module: `export default defineConfig({ migrations: 'migrations/*.ts' })`. */
export declare function defineConfig(config: MigrationGateConfig): MigrationGateConfig;
export interface CheckOptions extends MigrationGateConfig {
	/** The project directory (default: the current directory). */
	cwd?: string;
	/** The config file to read (default: migration-gate.config.json, .ts or .js in `cwd`, if present). */
	config?: string;
}
/**
 * Runs a check as the CLI does: the project's config file, then `options` over it. Resolves with the
 * result (`verdict` 'pass' or 'fail'); rejects with a ConfigError or InfraError when nothing could be judged.
 */
export declare function check(options?: CheckOptions): Promise<CheckResult>;

export {};
