// The files the option table (src/config/options.ts) writes, or the parts of them it writes: action.yml's
// inputs, migration-gate.schema.json, and the README's tables between `<!-- options: NAME -->` and
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

const TABLES: Record<string, () => string> = { inputs: inputsTable, cli: cliTable, config: configTable };

/** The generated files, as they should be in the repository at `root`. */
export async function generatedFiles(root: string): Promise<Generated[]> {
  const format = async (file: string, content: string) =>
    prettier.format(content, { ...(await prettier.resolveConfig(path.join(root, file))), filepath: file });
  const current = (file: string) => readFileSync(path.join(root, file), 'utf8');

  const manifest = current('action.yml');
  const inputs = manifest.match(/^inputs:\n[\s\S]*?(?=^\S)/m);
  if (!inputs) throw new Error('action.yml has no inputs: block followed by another key');
  const action = manifest.replace(inputs[0], `${actionInputs()}\n`);

  let readme = current('README.md');
  for (const [name, render] of Object.entries(TABLES)) {
    const block = new RegExp(`(<!-- options: ${name} -->\\n)[\\s\\S]*?(<!-- /options -->)`);
    if (!block.test(readme)) throw new Error(`README.md has no <!-- options: ${name} --> … <!-- /options --> block`);
    const rendered = (await format('table.md', render())).trim();
    readme = readme.replace(block, (_, open: string, close: string) => `${open}\n${rendered}\n\n${close}`);
  }

  return [
    { file: 'action.yml', content: await format('action.yml', action) },
    // Only the tables are formatted: the rest of the README is left as it is.
    { file: 'README.md', content: readme },
    {
      file: 'migration-gate.schema.json',
      content: await format('migration-gate.schema.json', JSON.stringify(configSchema(), null, 2)),
    },
  ];
}
