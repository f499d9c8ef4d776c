import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { transformSync } from 'esbuild';
import mysql from 'mysql2/promise';
import { Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';

/**
 * A database as production has it: a schema of its own on the test server, migrated by plain umzug
 * with sequelize-cli's storage (SequelizeMeta), as a deploy does, and altered by hand where a test says.
 */
export interface Production {
  /** `mysql://user:password@host:port/schema`. */
  url: string;
  schema: string;
  /** Runs SQL there as its admin (root): hand-made changes. */
  sql(statements: string): Promise<void>;
  /** Runs the migrations `files` up, one at a time, as `sequelize-cli db:migrate` does; rejects with the first failure. */
  migrate(files: string[]): Promise<void>;
  /** A user with only the read grants the README gives, its URL, and its name. */
  reader(): Promise<{ url: string; user: string }>;
  drop(): Promise<void>;
}

/** A fresh production schema on the server at `serverUrl` (root). */
export async function production(serverUrl: string): Promise<Production> {
  const schema = `prod_${randomBytes(4).toString('hex')}`;
  const admin = await mysql.createConnection({ uri: serverUrl, multipleStatements: true });
  await admin.query(`CREATE DATABASE \`${schema}\``);
  const server = new URL(serverUrl);
  const url = `${serverUrl}/${schema}`;
  const users: string[] = [];
  return {
    url,
    schema,
    async sql(statements) {
      await admin.query(`USE \`${schema}\`; ${statements}`);
    },
    async migrate(files) {
      const sequelize = new Sequelize(
        schema,
        decodeURIComponent(server.username),
        decodeURIComponent(server.password),
        {
          host: server.hostname,
          port: Number(server.port),
          dialect: 'mysql',
          logging: false,
        },
      );
      try {
        const queryInterface = sequelize.getQueryInterface();
        const umzug = new Umzug({
          migrations: files.map((file) => {
            const migration = loadMigration(file);
            return {
              name: path.basename(file),
              path: file,
              up: () => migration.up(queryInterface, Sequelize),
              down: async () => void (await migration.down?.(queryInterface, Sequelize)),
            };
          }),
          context: queryInterface,
          storage: new SequelizeStorage({ sequelize }),
          logger: undefined,
        });
        await umzug.up();
      } finally {
        await sequelize.close();
      }
    },
    async reader() {
      const user = `reader_${randomBytes(3).toString('hex')}`;
      await admin.query(
        `CREATE USER '${user}'@'%' IDENTIFIED BY 'read-only-pw'; GRANT SELECT, SHOW VIEW ON \`${schema}\`.* TO '${user}'@'%'`,
      );
      users.push(user);
      return { url: `mysql://${user}:read-only-pw@${server.hostname}:${server.port}/${schema}`, user };
    },
    async drop() {
      for (const user of users) await admin.query(`DROP USER IF EXISTS '${user}'@'%'`);
      await admin.query(`DROP DATABASE IF EXISTS \`${schema}\``);
      await admin.end();
    },
  };
}

interface MigrationModule {
  up(queryInterface: unknown, sequelize: unknown): Promise<unknown>;
  down?(queryInterface: unknown, sequelize: unknown): Promise<unknown>;
}

/** A migration as a TypeScript project's compiled output runs it: TypeScript to CommonJS, then required. */
function loadMigration(file: string): MigrationModule {
  if (!file.endsWith('.ts')) return createRequire(import.meta.url)(file) as MigrationModule;
  const { code } = transformSync(readFileSync(file, 'utf8'), { loader: 'ts', format: 'cjs', sourcefile: file });
  const compiled = new Module(file) as Module & { _compile(code: string, file: string): void };
  compiled.filename = file;
  compiled.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(
    path.dirname(file),
  );
  compiled._compile(code, file);
  return compiled.exports as MigrationModule;
}
