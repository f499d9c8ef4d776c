import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { main, type Io } from '../../src/cli.js';
import { configSchema, helpText, namedIn } from '../../src/config/docs.js';
import { FILE_KEYS, parseConfig } from '../../src/config/file.js';
import {
  COMMANDS,
  FLAG_NAMES,
  flagOf,
  INPUT_NAMES,
  KEY_NAMES,
  nearest,
  OPTION_LIST,
  OPTIONS,
  type Command,
  type ConfigFileContent,
} from '../../src/config/options.js';
import { ConfigError } from '../../src/errors.js';
import { FINDING_KINDS, SEVERITY_KEYS } from '../../src/findings/types.js';
import type { MigrationGateConfig } from '../../src/lib.js';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('the option table', () => {
  it.each(OPTION_LIST)('%s: its description names only options', (_key, spec) => {
    for (const named of namedIn(spec)) expect(Object.keys(OPTIONS)).toContain(named);
  });

  it('gives every option a name in each caller’s words, and never two options one name', () => {
    for (const names of [FLAG_NAMES, INPUT_NAMES, KEY_NAMES]) {
      expect(Object.keys(names)).toEqual(Object.keys(OPTIONS));
      expect(new Set(Object.values(names)).size).toBe(Object.keys(OPTIONS).length);
    }
    expect([FLAG_NAMES.strictNames, INPUT_NAMES.strictNames, KEY_NAMES.strictNames]).toEqual([
      '--strict-names',
      'strict-names',
      '"strictNames"',
    ]);
    expect([FLAG_NAMES.cwd, INPUT_NAMES.cwd]).toEqual(['--cwd', 'working-directory']);
  });

  it('applies every option to at least one command, and the action’s inputs to a command the action runs', () => {
    for (const [, spec] of OPTION_LIST) {
      expect(spec.commands.length).toBeGreaterThan(0);
      if (spec.input)
        expect(spec.commands.filter((command) => command === 'check' || command === 'live')).not.toEqual([]);
    }
  });

  it.each(FILE_KEYS)('reads the config key %s, and names it when its value is wrong', (key) => {
    // null is no option's value: each must say so, naming the file and the key
    const error = (() => {
      try {
        parseConfig({ [key]: null }, '/p/migration-gate.config.json');
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(new RegExp(`^/p/migration-gate\\.config\\.json: "?${key}`));
  });
});

describe("the library's config type", () => {
  // lib.ts spells MigrationGateConfig out, for readable types in dist/lib.d.ts; `npm run typecheck` holds it to the table.
  it('is the config file as the option table types it', () => {
    expectTypeOf<MigrationGateConfig>().toEqualTypeOf<ConfigFileContent>();
  });
});

describe('nearest', () => {
  it.each([
    ['--strict-name', '--strict-names'],
    ['--migraitons', '--migrations'],
    ['--databse-url', '--database-url'],
    ['--colour', '--color'],
    ['--frobnicate', null],
  ])('suggests for %s: %s', (given, expected) => {
    const flags = OPTION_LIST.flatMap(([key]) => flagOf(key)?.long ?? []);
    expect(nearest(given, flags)).toBe(expected);
  });
});

describe('the JSON Schema of the config file', () => {
  const schema = configSchema() as {
    properties: Record<string, { properties?: object; items?: { properties?: { kind?: { enum?: unknown } } } }>;
    additionalProperties: boolean;
  };

  it('describes exactly the config keys, and refuses others', () => {
    expect(Object.keys(schema.properties)).toEqual(['$schema', ...FILE_KEYS]);
    expect(schema.additionalProperties).toBe(false);
  });

  it('lists the severity keys (kinds and drift aspects) and the finding kinds of ignore rules', () => {
    expect(Object.keys(schema.properties.severity!.properties!)).toEqual([...SEVERITY_KEYS]);
    expect(schema.properties.ignore!.items!.properties!.kind!.enum).toEqual(FINDING_KINDS);
  });

  it.each(readdirSync(path.join(ROOT, 'examples')))('covers the keys of examples/%s', (example) => {
    let content: Record<string, unknown>;
    try {
      content = JSON.parse(readFileSync(path.join(ROOT, 'examples', example, 'migration-gate.config.json'), 'utf8'));
    } catch {
      return;
    }
    expect(content.$schema).toBe('../../migration-gate.schema.json');
    for (const key of Object.keys(content)) expect(Object.keys(schema.properties)).toContain(key);
    expect(() => parseConfig(content, 'example')).not.toThrow();
  });
});

/** Runs the CLI in-process, as far as it gets without a server. */
async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: (text) => out.push(text), stderr: (text) => err.push(text), isTty: false };
  const code = await main(argv, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('the CLI, from the table', () => {
  it.each(Object.keys(COMMANDS) as Command[])('%s --help lists the options of %s, and only those', async (command) => {
    const help = await cli(command, '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^Usage: migration-gate ${command} `));
    for (const [key, spec] of OPTION_LIST) {
      const flag = flagOf(key);
      if (!flag) continue;
      const listed = new RegExp(`^  ${spec.flag!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}  `, 'm');
      if (spec.commands.includes(command)) expect(help.stdout).toMatch(listed);
      else expect(help.stdout).not.toMatch(listed);
    }
  });

  it('--help shows every command and check’s options, as migration-gate check --help does', async () => {
    const help = await cli('--help');
    expect(help.stdout).toMatch(
      /^Usage: migration-gate check .*\n {7}migration-gate snapshot .*\n {7}migration-gate baseline/,
    );
    expect(help.stdout).toContain(helpText(null));
    expect(help.stdout).toMatch(/--step-timeout <duration>/);
    expect(help.stdout).toMatch(/a \.json schema snapshot/);
    expect(help.stdout).toMatch(/--new-only/);
  });

  it('says a glob the shell expanded is one, and how to quote it', async () => {
    const run = await cli('check', '--migrations', 'migrations/001-a.ts', 'migrations/002-b.ts', 'migrations/003-c.ts');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "migration-gate: the shell expanded the glob of --migrations into 3 files (migrations/001-a.ts migrations/002-b.ts migrations/003-c.ts …): quote it, --migrations 'migrations/*.ts'\n",
    );
    // without the command word, the first stray file is no unknown command either
    const bare = await cli('--migrations', 'db/1.js', 'db/2.js');
    expect(bare.stderr).toMatch(
      /^migration-gate: the shell expanded the glob of --migrations into 2 files .*--migrations 'db\/\*\.js'\n$/,
    );
    // a stray word that is no file stays an unknown command
    expect((await cli('check', 'extra')).stderr).toMatch(/^migration-gate: unknown command "check extra"/);
  });

  it('names the nearest flag for an unknown one, and the nearest command', async () => {
    const flag = await cli('check', '--strict-name');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^migration-gate: Unknown option '--strict-name'; did you mean --strict-names\?/);
    const command = await cli('chek');
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/^migration-gate: unknown command "chek"; did you mean check\?/);
  });

  it('says when a flag does not apply to the command, and names options by flag', async () => {
    const run = await cli('snapshot', '--model', 'models/', '--cwd', ROOT, '--step-timeout', 'soon');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('migration-gate: --model does not apply to snapshot; ignored\n');
    expect(run.stderr).toContain('migration-gate: --step-timeout must be a positive duration');
  });
});
