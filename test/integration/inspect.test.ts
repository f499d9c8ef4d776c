import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { splitStatements } from '../../src/chain/sql.js';
import { credentialsFromUrl } from '../../src/config/kinds.js';
import { connect, readDefaultCollations } from '../../src/database/server.js';
import { inspectSchema, QUERIES_PER_SNAPSHOT } from '../../src/schema/inspect.js';
import { dialectOf, normalise } from '../../src/schema/normalise/index.js';
import { parseFlavor } from '../../src/schema/flavor.js';
import type { RawSchema } from '../../src/schema/raw.js';
import { FIXTURES, ROOT } from './helpers.js';

const FIXTURE_DIR = path.join(ROOT, 'test/unit/fixtures/information-schema');
const fixtures = readdirSync(FIXTURE_DIR).map(
  (file) => JSON.parse(readFileSync(path.join(FIXTURE_DIR, file), 'utf8')) as { version: string; raw: RawSchema },
);
const reference = fixtures.find((fixture) => fixture.version.startsWith('9.7'))!;

/** MySQL 9.7's default collations, the ones the reference fixture was recorded with. */
const REFERENCE_DEFAULTS = {
  utf8mb4: 'utf8mb4_0900_ai_ci',
  latin1: 'latin1_swedish_ci',
  utf8mb3: 'utf8mb3_general_ci',
};

describe.each(inject('servers'))('inspection on $image', ({ url }) => {
  it('reads the same normalised schema as the unit fixtures, in one round trip of constant size', async () => {
    const connection = await connect(credentialsFromUrl(url));
    const schema = `mg_inspect_${process.pid}_${Date.now()}`;
    try {
      await connection.query(`CREATE DATABASE \`${schema}\``);
      await connection.query(`USE \`${schema}\``);
      const ddl = readFileSync(path.join(FIXTURES, 'information-schema.sql'), 'utf8');
      for (const statement of splitStatements(ddl)) await connection.query(statement.sql);
      const [rows] = await connection.query('SELECT VERSION() AS version');
      const flavor = parseFlavor((rows as { version: string }[])[0]!.version);
      const raw = await inspectSchema(connection, schema, dialectOf(flavor));
      const defaultCollations = await readDefaultCollations(connection);
      const actual = normalise(raw, flavor);
      // The fixture recorded from this very server version must read back identically.
      const same = fixtures.find((fixture) => fixture.version === flavor.raw);
      if (same) expect(actual).toEqual(normalise(same.raw, parseFlavor(same.version)));
      // And every engine must agree with MySQL 9.7's reading of the same DDL, once each server's own
      // default collations are taken as "the default".
      expect(normalise(raw, flavor, { defaultCollations })).toEqual(
        normalise(reference.raw, parseFlavor(reference.version), { defaultCollations: REFERENCE_DEFAULTS }),
      );
      expect(normalise(raw, flavor, { defaultCollations }).tables.org!.collation).toBeNull();
      expect(QUERIES_PER_SNAPSHOT).toBe(6);
    } finally {
      await connection.query(`DROP DATABASE IF EXISTS \`${schema}\``);
      await connection.end();
    }
  });
});
