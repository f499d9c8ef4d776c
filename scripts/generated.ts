// The files the option table (src/config/options.ts) writes, or the parts of them it writes: action.yml's
// inputs, migration-gate.schema.json, and the docs' tables between `<!-- options: NAME -->` and
// `<!-- /options -->`. Formatted as prettier formats the repository, so that format:check agrees.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { actionInputs, cliTable, configSchema, configTable, inputsTable } from '../src/config/docs.js';

/** A file as the table has it. */
export interface Generated {
  /** Relative to the repository's root. */
  file: string;
  content: string;
}

/** Each table, and the page of the docs it is in. */
const TABLES: Record<string, { file: string; render: () => string }> = {
  inputs: { file: 'docs/action.md', render: inputsTable },
  cli: { file: 'docs/cli.md', render: cliTable },
  config: { file: 'docs/cli.md', render: configTable },
};

/** The generated files, as they should be in the repository at `root`. */
export async function generatedFiles(root: string): Promise<Generated[]> {
  const format = async (file: string, content: string) =>
    prettier.format(content, { ...(await prettier.resolveConfig(path.join(root, file))), filepath: file });
  const current = (file: string) => readFileSync(path.join(root, file), 'utf8');

  const manifest = current('action.yml');
  const inputs = manifest.match(/^inputs:\n[\s\S]*?(?=^\S)/m);
  if (!inputs) throw new Error('action.yml has no inputs: block followed by another key');
  const action = manifest.replace(inputs[0], `${actionInputs()}\n`);

  const pages = new Map<string, string>();
  for (const [name, { file, render }] of Object.entries(TABLES)) {
    const page = pages.get(file) ?? current(file);
    const block = new RegExp(`(<!-- options: ${name} -->\\n)[\\s\\S]*?(<!-- /options -->)`);
    if (!block.test(page)) throw new Error(`${file} has no <!-- options: ${name} --> … <!-- /options --> block`);
    const rendered = (await format('table.md', render())).trim();
    pages.set(
      file,
      page.replace(block, (_, open: string, close: string) => `${open}\n${rendered}\n\n${close}`),
    );
  }

  return [
    { file: 'action.yml', content: await format('action.yml', action) },
    // Only the tables are formatted: the rest of each page is left as it is.
    ...[...pages].map(([file, content]) => ({ file, content })),
    {
      file: 'migration-gate.schema.json',
      content: await format('migration-gate.schema.json', JSON.stringify(configSchema(), null, 2)),
    },
  ];
}
