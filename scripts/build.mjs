// Bundles the CLI and the action into dist/: one file each, runnable with no node_modules of their own.
import { build } from 'esbuild';

const entryPoints = { cli: 'src/bin.ts', index: 'src/action-main.ts' };
// `--outdir DIR` builds elsewhere, for the test that dist/ is what src/ builds to.
const outdirFlag = process.argv.indexOf('--outdir');
const outdir = outdirFlag === -1 ? 'dist' : process.argv[outdirFlag + 1];

await build({
  entryPoints,
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
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
