import type { DifferenceKind, ObjectKind } from '../../src/schema/diff.js';
import type { Flavor } from '../../src/schema/types.js';

/**
 * One schema feature, written the three ways a project can write it. `{table}` in every text stands for
 * the feature's own table, `conformance_<id>`.
 */
export interface Feature {
  /** Short, unique, [a-z0-9_]: also names the table. */
  id: string;
  /** A CREATE TABLE statement: the SQL migration and the SQL model both use it. */
  sql: string;
  /**
   * JavaScript statements of a sequelize-cli migration's `up(queryInterface, Sequelize)` that create the
   * same table (QueryInterface calls; raw `queryInterface.sequelize.query()` where QueryInterface has no
   * word for the feature, as real projects do).
   */
  migration: string;
  /**
   * A JavaScript expression defining the same table as a Sequelize model on `sequelize` with `DataTypes`,
   * or `{ skip }` with the reason Sequelize models cannot declare it.
   */
  model: string | { skip: string };
  /** The same table with exactly one attribute changed, and the one difference that must be reported. */
  change: {
    sql: string;
    expect: { kind: DifferenceKind; object: ObjectKind; name: string | null; attribute: string | null };
  };
  /** A reason to skip the feature on this server, or null when the server has it. */
  requires?: (flavor: Flavor) => string | null;
}

export const tableOf = (feature: Feature) => `conformance_${feature.id}`;

/** Replaces `{table}` with the feature's table. */
export function fill(text: string, feature: Feature): string {
  return text.replaceAll('{table}', tableOf(feature));
}
