/**
 * Loading a 100-migration chain in a fresh process, by compiler: CommonJS JavaScript (nothing to
 * compile), TypeScript through the project's own compiler, and TypeScript through the shipped one (a
 * project on TypeScript 7 or with none). Runs alternate so that machine drift hits all alike.
 * Run: node scripts/run-ts.mjs bench/load.ts [migrations]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findMigrations, loadChain } from '../src/chain/load.js';
import { projectLoader } from '../src/chain/modules.js';

const ROOT = process.cwd();

if (process.argv[2] === '--child') {
  const dir = process.argv[3]!;
  const started = performance.now();
  const chain = await loadChain(await findMigrations(dir, 'migrations/*'), dir);
  const ms = performance.now() - started;
  const failed = chain.entries.filter((entry) => !('up' in entry)).length;
  if (failed > 0) throw new Error(`${failed} migration(s) of ${dir} did not load`);
  console.log(JSON.stringify({ ms, compiler: projectLoader(dir).compiler() }));
} else {
  const count = Number(process.argv[2] ?? 100);
  const runs = Number(process.env.RUNS ?? 7);
  const variants = {
    'JavaScript (CommonJS)': project(count, 'js', false),
    "TypeScript, the project's compiler": project(count, 'ts', true),
    'TypeScript, the shipped compiler': project(count, 'ts', false),
  };
  const times = new Map<string, number[]>(Object.keys(variants).map((name) => [name, []]));
  const compilers = new Map<string, string | null>();
  for (let run = 0; run < runs; run++)
    for (const [name, dir] of Object.entries(variants)) {
      const output = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', dir], {
        encoding: 'utf8',
      });
      const { ms, compiler } = JSON.parse(output.trim().split('\n').at(-1)!) as { ms: number; compiler: string };
      times.get(name)!.push(ms);
      compilers.set(name, compiler);
    }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(`${count} migrations, ${runs} fresh processes each, median load time`);
  for (const [name, values] of times)
    console.log(`${name}\t${median(values).toFixed(0)} ms\t${compilers.get(name) ?? 'no compiler loaded'}`);
}

/** A project of `count` createTable migrations, outside the repository so that only its own packages resolve. */
function project(count: number, language: 'js' | 'ts', ownTypeScript: boolean): string {
  const dir = mkdtempSync(path.join(tmpdir(), `migration-gate-load-${language}-`));
  mkdirSync(path.join(dir, 'migrations'));
  mkdirSync(path.join(dir, 'node_modules'));
  writeFileSync(path.join(dir, 'package.json'), '{ "name": "load-bench", "private": true }\n');
  for (const name of ['sequelize', ...(ownTypeScript ? ['typescript'] : [])])
    symlinkSync(path.join(ROOT, 'node_modules', name), path.join(dir, 'node_modules', name), 'dir');
  if (language === 'ts')
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'es2022', module: 'commonjs', strict: true } }),
    );
  for (let i = 1; i <= count; i++) {
    const table = `table_${i}`;
    const body = [
      `    await queryInterface.createTable('${table}', {`,
      '      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },',
      '      name: { type: DataTypes.STRING(100), allowNull: false },',
      '    });',
    ].join('\n');
    const source =
      language === 'ts'
        ? `import { DataTypes, QueryInterface } from 'sequelize';\n\nexport = {\n  async up(queryInterface: QueryInterface) {\n${body}\n  },\n  async down(queryInterface: QueryInterface) {\n    await queryInterface.dropTable('${table}');\n  },\n};\n`
        : `'use strict';\nconst { DataTypes } = require('sequelize');\n\nmodule.exports = {\n  async up(queryInterface) {\n${body}\n  },\n  async down(queryInterface) {\n    await queryInterface.dropTable('${table}');\n  },\n};\n`;
    writeFileSync(path.join(dir, 'migrations', `${String(i).padStart(4, '0')}-${table}.${language}`), source);
  }
  return dir;
}
