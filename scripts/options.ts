// `npm run options`: rewrites action.yml's inputs, migration-gate.schema.json and the option
// tables from src/config/options.ts. `npm run options -- --check` only says which differ (a unit test
// does the same in CI).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generatedFiles } from './generated.js';

const root = process.cwd();
const checkOnly = process.argv.includes('--check');
const stale: string[] = [];
for (const { file, content } of await generatedFiles(root)) {
  const target = path.join(root, file);
  if (existsSync(target) && readFileSync(target, 'utf8') === content) continue;
  stale.push(file);
  if (!checkOnly) writeFileSync(target, content);
}
if (stale.length === 0) console.log("options: action.yml, the docs' option tables and the JSON Schema are up to date");
else if (checkOnly) {
  console.error(`options: out of date with src/config/options.ts: ${stale.join(', ')}; run npm run options`);
  process.exitCode = 1;
} else console.log(`options: wrote ${stale.join(', ')}`);
