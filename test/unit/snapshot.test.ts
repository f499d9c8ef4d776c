import { describe, expect, it } from 'vitest';
import { fromSnapshotJson, SNAPSHOT_FORMAT, toSnapshotJson } from '../../src/schema/snapshot.js';
import type { Schema } from '../../src/schema/types.js';
import { aColumn, aForeignKey, anIndex, aSchema, aTable } from './builders.js';

const schema: Schema = aSchema(
  aTable('users', {
    columns: [
      aColumn({ name: 'id', type: 'int unsigned', autoIncrement: true, position: 1 }),
      aColumn({ name: 'email', type: 'varchar(120)', position: 2, collation: 'utf8mb4_bin', charset: 'utf8mb4' }),
      aColumn({
        name: 'created_at',
        type: 'datetime(3)',
        position: 3,
        default: 'CURRENT_TIMESTAMP(3)',
        onUpdate: 'CURRENT_TIMESTAMP(3)',
      }),
      aColumn({
        name: 'full',
        type: 'varchar(200)',
        position: 4,
        nullable: true,
        generated: { expression: "concat(a,'-',b)", stored: false },
      }),
    ],
    primaryKey: ['id'],
    indexes: [anIndex('ux_email', ['email'], { unique: true }), { ...anIndex('ix_full', ['full']), visible: false }],
    comment: 'people',
  }),
  aTable('posts', {
    columns: [aColumn({ name: 'id', position: 1 }), aColumn({ name: 'user_id', position: 2, type: 'int unsigned' })],
    foreignKeys: [aForeignKey('fk_posts_user', ['user_id'], 'users', { onDelete: 'CASCADE' })],
    checks: [{ name: 'ck_id', clause: 'id > 0' }],
  }),
);

describe('schema snapshots', () => {
  it('read back exactly what was written', () => {
    expect(fromSnapshotJson(toSnapshotJson(schema))).toEqual(schema);
  });

  it('are stable: table order and the source order of tables do not matter', () => {
    const reversed: Schema = { tables: Object.fromEntries(Object.entries(schema.tables).reverse()) };
    expect(toSnapshotJson(reversed)).toBe(toSnapshotJson(schema));
    const text = toSnapshotJson(schema);
    expect(text.indexOf('"posts"')).toBeLessThan(text.indexOf('"users"'));
  });

  it('write one line per column, and only what differs from the usual', () => {
    const lines = toSnapshotJson(schema).split('\n');
    expect(lines).toContain(
      '        { "name": "email", "type": "varchar(120)", "charset": "utf8mb4", "collation": "utf8mb4_bin" },',
    );
    expect(lines.some((line) => line.includes('"nullable": false'))).toBe(false);
    expect(lines.some((line) => line.includes('"position"'))).toBe(false);
  });

  it('refuse a file that is not a snapshot', () => {
    expect(() => fromSnapshotJson('{"tables": {}}')).toThrow(SNAPSHOT_FORMAT);
    expect(() => fromSnapshotJson('not json')).toThrow();
  });
});
