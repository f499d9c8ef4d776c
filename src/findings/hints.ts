import type { StepTool } from '../config/types.js';
import type { DriftAspect, Finding, FindingKind } from './types.js';

/** How to accept a finding that is right but wanted, said once for every hint. */
const ACCEPT = 'to accept it, add an ignore rule with a reason to the config file, or run `migration-gate baseline`';

/** What usually causes each kind of finding, and the fix. */
const KIND_HINTS: Record<FindingKind, string> = {
  'load-error': 'the file does not load on its own: fix the syntax or the import it names',
  duplicate:
    'two branches each added a migration under the same name or ordering prefix: rename one (umzug records names only)',
  'migration-error':
    'the server refused a statement of the migration: fix it in that migration if it is unreleased, else in a new one',
  irreversible:
    'write a down that undoes the up, or mark the migration irreversible with a reason (the irreversible option)',
  'down-mismatch':
    'the down leaves something the up added (or removes something it did not add): make the down undo exactly the up',
  'reup-mismatch':
    'the migration gives another schema each time it runs: replace values computed at run time (dates, random names) with fixed ones',
  drift:
    'the migrations and the model disagree: change the model, or add a migration that makes the schema what the model says',
  'model-error': 'the model cannot be loaded or its table cannot be created: fix the model file',
  'name-only':
    'the same object under another name: give it the same name in the model and the migration (name: …), or set "name-only" to "off"',
  'column-order':
    'the same columns in another order: harmless unless code relies on SELECT *; set "column-order" to "off" if it does not matter',
  unchecked:
    'part of the chain could not be checked: fix the finding that stopped it, then the rest is checked on the next run',
  'edited-migration':
    'a released migration was changed: databases that ran it keep the old version; put the change in a new migration',
  'deleted-migration': 'a released migration was removed: databases that ran it keep its changes; restore it',
  'renamed-migration':
    'a released migration was renamed: umzug runs it again under its new name where the old one ran; keep the old name',
  'out-of-order':
    'a new migration sorts before released ones: databases that ran those never run it; give it a later name',
  'upgrade-error':
    'a database as it is (at the base commit, or the live one) cannot be upgraded: make the new migration work on the schema it will meet',
  'upgrade-mismatch':
    'an upgraded database ends up different from a fresh one: the new migrations assume a schema the released chain does not give',
  'data-loss':
    'a migration lost rows or values that were there: rename instead of drop-and-add, or copy the data before dropping it',
  'frozen-default':
    "use Sequelize.fn('NOW') or Sequelize.literal('CURRENT_TIMESTAMP') instead of a value computed when the migration runs",
  equivalent: 'the same constraint written another way: nothing to fix',
  'swallowed-error':
    'the migration caught an error of the server and went on (e.g. `.catch(() => …)`): make sure the statement was meant to fail, or fix it',
  'live-drift':
    'the database was changed outside the migrations (by hand, or by a migration edited since it ran): put the change in a migration, or undo it there',
  'half-applied':
    'a migration failed midway there and left part of its changes (MySQL DDL is not transactional): undo them or finish them by hand, then make the migration safe to run again',
  'live-position':
    'the meta table does not say what the schema is (a restored backup, an edited meta table, migrations run by hand): make the meta table match',
  'missing-migration':
    'the database ran a migration the chain no longer has: restore the file, or if it was renamed, rename its row in the meta table',
  'table-copy':
    'the server copies the table to make this change, and writes wait until it is done: run it in a quiet hour, with an online schema change tool (gh-ost, pt-online-schema-change), or change it in a way the server does in place',
  'write-lock':
    'the server changes the table in place but blocks writes meanwhile: run it in a quiet hour, or with an online schema change tool',
  rebuild:
    'the server rebuilds the table in place: writes go on, but a large table takes long and needs its size again on disk',
  destructive:
    'the change destroys data that was there: copy it first if it is still wanted, or keep the column until nothing reads it',
  'breaking-change':
    'the app version still running during the deploy uses what this migration removes: release the app without it first, then remove it in a later release (expand, then contract)',
  'not-probed': 'the gate ran these statements on its copy but cannot say what they cost on production',
  'snapshot-fallback':
    "the gate's quick schema reads missed a change and it read whole schemas instead: the verdict stands; please report it",
};

/** Drift, by what it is about: the usual cause and the fix. */
const DRIFT_HINTS: Partial<Record<DriftAspect, string>> = {
  'table-only-in-model': 'no migration creates this table: add one that does (createTable), or remove the model',
  'table-only-in-migrations':
    'no model defines this table: add the model, list the table in ignoreTables, or drop it in a new migration',
  'column-only-in-model':
    'no migration adds this column (or one dropped it): add it in a new migration with addColumn — queries of the model fail on it',
  'column-only-in-migrations':
    'the model has no such attribute: add it to the model, or remove the column in a new migration with removeColumn',
  type: 'change the column in a new migration with changeColumn, or the type in the model',
  nullable: 'set allowNull alike: changeColumn in a new migration, or allowNull in the model',
  default: 'set defaultValue alike: changeColumn in a new migration, or defaultValue in the model',
  comment: 'the model documents the column and the migration does not (or the reverse): add comment to one of them',
  charset: 'set the charset and collation alike in the migration (changeColumn) and the model',
  'index-only-in-model': 'add the index in a new migration with addIndex',
  'index-only-in-migrations':
    "declare the index in the model's indexes, or remove it in a new migration with removeIndex",
  unique: 'add `unique: true` in a new migration with addIndex/addConstraint (or drop it from the model)',
  'foreign-key-only-in-model':
    'add the foreign key in a new migration with addConstraint (type: foreign key) or references in addColumn',
  'foreign-key-only-in-migrations':
    'declare the association in the model (belongsTo / references), or remove the key with removeConstraint',
  'foreign-key': 'set onDelete / onUpdate alike in the migration (addConstraint) and the association',
  'primary-key': 'declare primaryKey on the same columns in the migration and the model',
};

/**
 * The hints say the fix in Sequelize's words; an Alembic project's are `op.` calls and SQLAlchemy's column
 * arguments. Longer phrases first: a shorter one is part of some.
 */
const ALEMBIC_WORDS: [string, string][] = [
  ['addConstraint (type: foreign key) or references in addColumn', 'op.create_foreign_key'],
  ['addIndex/addConstraint', 'op.create_index/op.create_unique_constraint'],
  ["Sequelize.fn('NOW') or Sequelize.literal('CURRENT_TIMESTAMP')", 'server_default=sa.func.now()'],
  ["declare the index in the model's indexes", 'declare the index in the model (index=True, or an Index)'],
  ['declare the association in the model (belongsTo / references)', 'declare the key in the model (ForeignKey)'],
  ['`unique: true`', '`unique=True`'],
  ['addColumn', 'op.add_column'],
  ['removeColumn', 'op.drop_column'],
  ['changeColumn', 'op.alter_column'],
  ['createTable', 'op.create_table'],
  ['addIndex', 'op.create_index'],
  ['removeIndex', 'op.drop_index'],
  ['addConstraint', 'op.create_foreign_key'],
  ['removeConstraint', 'op.drop_constraint'],
  ['allowNull', 'nullable'],
  ['defaultValue', 'server_default'],
  ['primaryKey', 'primary_key'],
  ['onDelete / onUpdate', 'ondelete / onupdate'],
  ['(name: …)', '(name=…)'],
];

/** Kinds whose cause or fix is another with a revision graph, whose revisions are known by id. */
const ALEMBIC_KIND_HINTS: Partial<Record<FindingKind, string>> = {
  duplicate:
    'two branches each added "the next" revision: point one\'s down_revision at the other, or join them with a merge revision (alembic merge heads); a merge revision is a warning: check that neither branch needs the other',
  'renamed-migration':
    'a released revision came back under another revision id: databases that ran it run it again; keep its id',
  'swallowed-error':
    'the revision caught an error of the server and went on (a try/except around op calls): make sure the statement was meant to fail, or fix it',
};

/** One line for a finding: the usual cause and fix, and how to accept it when it is wanted. */
export function hintFor(finding: Finding, runner: StepTool['kind'] = 'umzug'): string {
  const general =
    (finding.aspect && DRIFT_HINTS[finding.aspect]) ||
    (runner === 'alembic' && ALEMBIC_KIND_HINTS[finding.kind]) ||
    KIND_HINTS[finding.kind];
  const hint =
    runner === 'alembic' ? ALEMBIC_WORDS.reduce((text, [from, to]) => text.replaceAll(from, to), general) : general;
  return finding.kind === 'equivalent' ? hint : `${hint}; ${ACCEPT}`;
}

/** A kind's usual cause and fix alone, for what describes the kind rather than one finding (SARIF rules). */
export function kindHint(kind: FindingKind): string {
  return KIND_HINTS[kind];
}
