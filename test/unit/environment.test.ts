import { describe, expect, it } from 'vitest';
import { sequelizeOptions } from '../../src/config/sequelize.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { mask, placeholdersFor, projectEnvironment, resolvePlaceholders } from '../../src/database/environment.js';
import { ConfigError } from '../../src/errors.js';

const values = placeholdersFor(
  { host: '127.0.0.1', port: 32768, user: 'root', password: 'p@ss:w/rd' },
  'mg_ab12_chain',
);

describe('placeholders', () => {
  it('stand for the scratch schema, with the password escaped in the URL', () => {
    expect(values.url).toBe('mysql://root:p%40ss%3Aw%2Frd@127.0.0.1:32768/mg_ab12_chain');
    expect(resolvePlaceholders('{host}:{port}/{database} as {user} {password} {other}', values)).toBe(
      '127.0.0.1:32768/mg_ab12_chain as root p@ss:w/rd {other}',
    );
  });
});

describe('projectEnvironment', () => {
  it('gives MIGRATION_GATE_DATABASE_URL and each variable resolved, names the secrets, and leaves process.env alone', () => {
    const environment = projectEnvironment(
      { APP_MODE: 'gate', DB_URL: '{url}', JWT_SECRET: 'abcdef', PORT: '{port}' },
      values,
    );
    expect(environment.variables).toEqual({
      MIGRATION_GATE_DATABASE_URL: values.url,
      APP_MODE: 'gate',
      DB_URL: values.url,
      JWT_SECRET: 'abcdef',
      PORT: '32768',
    });
    expect(environment.secrets.sort()).toEqual(['abcdef', 'p%40ss%3Aw%2Frd', 'p@ss:w/rd'].sort());
    expect(mask(values.url, environment.secrets)).toBe('mysql://root:***@127.0.0.1:32768/mg_ab12_chain');
    expect(mask('bad abcdef and p@ss:w/rd', environment.secrets)).toBe('bad *** and ***');
    expect(process.env.DB_URL).toBeUndefined();
    expect(process.env.MIGRATION_GATE_DATABASE_URL).toBeUndefined();
  });
});

describe('--env and Sequelize options in the configuration', () => {
  it('reads NAME=VALUE lines, keeping = and spaces in values', () => {
    const config = resolveConfig({ cwd: '.', migrations: 'x', env: 'A={url}\n\n B = x \nC=a=b c' });
    expect(config.env).toEqual({ A: '{url}', B: 'x', C: 'a=b c' });
  });

  it('refuses a line without NAME=VALUE', () => {
    expect(() => resolveConfig({ cwd: '.', migrations: 'x', env: 'DATABASE_URL' })).toThrow(ConfigError);
    expect(() => resolveConfig({ cwd: '.', migrations: 'x', env: '1X=2' })).toThrow(/--env takes NAME=VALUE/);
  });

  it('keeps the options that shape the schema and drops connection settings', () => {
    expect(
      sequelizeOptions(
        {
          host: 'db',
          username: 'u',
          password: 'p',
          dialect: 'mysql',
          define: { underscored: true },
          timezone: '+00:00',
        },
        'x',
      ),
    ).toEqual({ define: { underscored: true }, timezone: '+00:00' });
    expect(() => sequelizeOptions('nope', 'config.json: "sequelize"')).toThrow(/must be an object/);
  });
});
