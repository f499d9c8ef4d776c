import type { Schema, Table } from './types.js';

/**
 * Makes snapshots share the objects of tables that did not change between them. A chain keeps a
 * snapshot per step, and most steps change one table: shared, the snapshots of a long chain hold each
 * version of a table once, so memory grows with what the chain changes, not with steps × tables, and
 * comparing two snapshots skips the tables they share.
 */
export function tableInterner(): (schema: Schema) => Schema {
  const versions = new Map<string, Table>();
  return (schema) => {
    const tables: Record<string, Table> = {};
    for (const [name, table] of Object.entries(schema.tables)) {
      const key = JSON.stringify(table);
      const known = versions.get(key);
      if (known) tables[name] = known;
      else versions.set(key, (tables[name] = table));
    }
    return { tables };
  };
}
