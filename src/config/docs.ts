/**
 * What the option table (options.ts) says, written out for its readers: `--help`, action.yml's inputs,
 * the config file's JSON Schema and the docs' tables. scripts/options.ts writes the files; a unit
 * test fails when one differs from what is written here.
 */
import type { JsonSchema } from './kinds.js';
import {
  COMMANDS,
  FLAG_NAMES,
  flagOf,
  INPUT_NAMES,
  KEY_NAMES,
  OPTION_LIST,
  REQUIRED,
  type Command,
  type Option,
  type OptionNames,
  type Via,
} from './options.js';

const NAMES: Record<Via, OptionNames> = { cli: FLAG_NAMES, action: INPUT_NAMES, file: KEY_NAMES };

/** The option's description as `via`'s reader meets it, options named in code spans. */
export function describeOption(spec: Option, via: Via): string {
  const names = Object.fromEntries(
    Object.entries(NAMES[via]).map(([key, name]) => [key, via === 'file' ? `\`${key}\`` : `\`${name}\``]),
  );
  return spec.description(names, via);
}

/** The default as the docs say it, or null when there is none to speak of. */
export function defaultOf(spec: Option, via: Via): string | null {
  const shown = typeof spec.shown === 'string' ? spec.shown : spec.shown?.[via];
  if (shown !== undefined) return shown || null;
  if (spec.default === undefined) return null;
  if (spec.default === false && via === 'cli') return 'off';
  return `\`${String(spec.default)}\``;
}

const plain = (text: string) => text.replace(/`([^`]*)`/g, '$1');

/** Text wrapped to lines of `width` columns, joined by a newline and `indent` spaces. */
function wrap(text: string, width: number, indent = 0): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

const HELP_WIDTH = 100;

/**
 * `migration-gate [command] --help`: the usage, and the options of the command (check's, with the other
 * commands listed, when none is named).
 */
export function helpText(command: Command | null): string {
  const shown = command ?? 'check';
  const usage = (command ? [command] : (Object.keys(COMMANDS) as Command[])).map(
    (name, i) => `${i === 0 ? 'Usage:' : '      '} migration-gate ${name} ${COMMANDS[name].usage}`,
  );
  const commands = command
    ? [wrap(capitalised(COMMANDS[command].summary), HELP_WIDTH)]
    : (Object.keys(COMMANDS) as Command[]).map(
        (name) => `${name.padEnd(10)}${wrap(COMMANDS[name].summary, HELP_WIDTH - 10, 10)}`,
      );
  const options = OPTION_LIST.filter(([key, spec]) => flagOf(key) && spec.commands.includes(shown));
  const column = Math.max(...options.map(([, spec]) => spec.flag!.length)) + 4;
  const lines = options.map(([, spec]) => {
    const given = defaultOf(spec, 'cli');
    const fallback = given === REQUIRED || given === 'off' ? null : given;
    const text =
      plain(describeOption(spec, 'cli').replace(/\.$/, '')) + (fallback ? ` (default: ${plain(fallback)})` : '');
    return `  ${spec.flag!.padEnd(column - 2)}${wrap(text, HELP_WIDTH - column, column)}`;
  });
  return [
    ...usage,
    '',
    ...commands,
    '',
    command ? 'Options:' : `Options of check, the default command (migration-gate <command> --help for another's):`,
    ...lines,
    '',
    wrap(
      'A switch also takes a --no- form (--no-color), which overrides the config file. Exit codes: 0 no error findings, 1 error findings, 2 usage, configuration or infrastructure error.',
      HELP_WIDTH,
    ),
    '',
  ].join('\n');
}

const capitalised = (text: string) => text[0]!.toUpperCase() + text.slice(1);

/** A markdown table; cells may not hold a pipe, so one is escaped. */
function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The docs' table of the action's inputs. */
export function inputsTable(): string {
  return table(
    ['input', 'default', 'meaning'],
    OPTION_LIST.filter(([, spec]) => spec.input).map(([, spec]) => [
      `\`${spec.input}\``,
      defaultOf(spec, 'action') ?? 'none',
      describeOption(spec, 'action'),
    ]),
  );
}

/** The docs' table of the CLI's options, with the commands each applies to. */
export function cliTable(): string {
  const every = Object.keys(COMMANDS).length;
  return table(
    ['option', 'default', 'commands', 'meaning'],
    OPTION_LIST.filter(([key]) => flagOf(key)).map(([, spec]) => [
      `\`${spec.flag}\``,
      defaultOf(spec, 'cli') ?? 'none',
      spec.commands.length === every ? 'all' : spec.commands.join(', '),
      describeOption(spec, 'cli'),
    ]),
  );
}

/** The docs' table of the config file's keys. */
export function configTable(): string {
  return table(
    ['key', 'type', 'default', 'meaning'],
    OPTION_LIST.filter(([, spec]) => spec.key).map(([key, spec]) => [
      `\`${key}\``,
      typeOf(spec.kind.schema),
      defaultOf(spec, 'file') ?? 'none',
      describeOption(spec, 'file'),
    ]),
  );
}

/** A schema's type, as the docs write it: `string[]`, `number or string`. */
function typeOf(schema: JsonSchema): string {
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).map(typeOf).join(' or ');
  if (schema.type === 'array') return `${typeOf(schema.items as JsonSchema)}[]`;
  return String(schema.type);
}

/** action.yml's `inputs:` block. */
export function actionInputs(): string {
  const inputs = OPTION_LIST.filter(([, spec]) => spec.input).map(([, spec]) => {
    const fallback = defaultOf(spec, 'action');
    const shown = fallback && fallback !== REQUIRED ? ` Default: ${fallback}.` : '';
    return [
      `  ${spec.input}:`,
      '    description: >-',
      `      ${wrap(describeOption(spec, 'action') + shown, 108 - 6, 6)}`,
      '    required: false',
      `    default: '${spec.inputDefault ?? ''}'`,
    ].join('\n');
  });
  return `inputs:\n${inputs.join('\n')}\n`;
}

/** The JSON Schema of `migration-gate.config.json`, for editors (`"$schema"`) and the docs. */
export function configSchema(): JsonSchema {
  const properties: Record<string, JsonSchema> = {
    $schema: { type: 'string', description: 'This schema, for editors.' },
  };
  for (const [key, spec] of OPTION_LIST) {
    if (!spec.key) continue;
    const fallback = spec.default;
    properties[key] = {
      description: describeOption(spec, 'file'),
      ...spec.kind.schema,
      ...(typeof fallback === 'string' || typeof fallback === 'boolean' ? { default: fallback } : {}),
    };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'migration-gate config',
    description:
      'Options of migration-gate (migration-gate.config.json); flags and action inputs override them. Generated from src/config/options.ts by npm run options.',
    type: 'object',
    properties,
    additionalProperties: false,
  };
}

/** The option keys `spec.description` names, for the test that each is an option. */
export function namedIn(spec: Option): string[] {
  const named = new Set<string>();
  const spy = new Proxy({} as Record<string, string>, {
    get: (_, key) => {
      named.add(String(key));
      return String(key);
    },
  });
  for (const via of ['cli', 'action', 'file'] as const) spec.description(spy, via);
  return [...named];
}
