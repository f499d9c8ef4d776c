// Bundles the CLI, the action and the library into dist/, runnable with no node_modules of their own. Code
// they share is in chunks beside them. TypeScript's own single-file compiler is copied beside them as
// typescript.cjs, for projects with no TypeScript of their own that has a JavaScript API (chain/typescript.ts).
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { generateDtsBundle } from 'dts-bundle-generator';
import { build } from 'esbuild';

const entryPoints = {
  cli: 'src/bin.ts',
  index: 'src/action-main.ts',
  lib: 'src/lib.ts',
  // the worker thread the project's code runs in (src/project/host.ts)
  'project-worker': 'src/project/worker.ts',
};
// `--outdir DIR` builds elsewhere, for the test that dist/ is what src/ builds to.
const outdirFlag = process.argv.indexOf('--outdir');
const outdir = outdirFlag === -1 ? 'dist' : process.argv[outdirFlag + 1];

// Chunk names carry a hash of their content: a chunk of an earlier build must not linger beside the new ones.
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints,
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  splitting: true,
  chunkNames: '[name]-[hash]',
  target: 'node22',
  legalComments: 'none',
  logLevel: 'warning',
  // ssh2 (pulled in by testcontainers' docker client) loads optional native addons inside try/catch.
  external: ['cpu-features', '*.node'],
  banner: {
    // CommonJS dependencies call require(); give the ESM bundle one.
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { fileURLToPath as __fileURLToPath } from 'node:url';",
      'const require = __createRequire(import.meta.url);',
      'const __filename = __fileURLToPath(import.meta.url);',
      "const __dirname = __fileURLToPath(new URL('.', import.meta.url));",
    ].join(' '),
  },
});

// The library's types, in one file that names no package: consumers need none of the bundled ones.
const [types] = generateDtsBundle([{ filePath: 'src/lib.ts', output: { noBanner: true } }], {
  preferredConfigPath: 'tsconfig.json',
});
writeFileSync(path.join(outdir, 'lib.d.ts'), types);

copyFileSync(
  createRequire(import.meta.url).resolve('typescript/lib/typescript.js'),
  path.join(outdir, 'typescript.cjs'),
);
