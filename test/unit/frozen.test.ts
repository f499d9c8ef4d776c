import { describe, expect, it } from 'vitest';
import { frozenDefaults, markRunTimeDefaults, RUN_TIME_DEFAULT } from '../../src/schema/frozen.js';
import { aColumn, aSchema, aTable } from './builders.js';

const started = Date.parse('2026-11-27T16:00:00Z');
const now = started + 60_000;
const user = (created: string | null, other: string | null = "'2000-01-01 00:00:00'") =>
  aSchema(
    aTable('user', {
      columns: [
        aColumn({ name: 'id' }),
        aColumn({ name: 'created_at', type: 'datetime', default: created }),
        aColumn({ name: 'legacy', type: 'datetime', default: other }),
      ],
    }),
  );

describe('markRunTimeDefaults', () => {
  it('marks datetime and date defaults of the time of the run, in any time zone, and nothing else', () => {
    const marked = (value: string | null) =>
      markRunTimeDefaults(user(value), started, now).tables.user!.columns[1]!.default;
    expect(marked("'2026-11-27 16:00:30'")).toBe(RUN_TIME_DEFAULT);
    expect(marked("'2026-11-28 01:00:30.123'")).toBe(RUN_TIME_DEFAULT);
    expect(marked("'2026-11-27'")).toBe(RUN_TIME_DEFAULT);
    expect(marked("'2026-11-20 16:00:30'")).toBe("'2026-11-20 16:00:30'");
    expect(marked('CURRENT_TIMESTAMP')).toBe('CURRENT_TIMESTAMP');
    expect(marked(null)).toBeNull();
    expect(markRunTimeDefaults(user("'2026-11-27 16:00:30'"), started, now).tables.user!.columns[2]!.default).toBe(
      "'2000-01-01 00:00:00'",
    );
  });

  it('leaves a schema without such defaults as it is', () => {
    const schema = user(null);
    expect(markRunTimeDefaults(schema, started, now)).toBe(schema);
  });
});

describe('frozenDefaults', () => {
  it('names each column once, with the step that froze it', () => {
    const frozen = user(RUN_TIME_DEFAULT);
    expect(frozenDefaults([aSchema(), user(null), frozen, frozen])).toEqual([
      { table: 'user', column: 'created_at', step: 1 },
    ]);
  });
});
