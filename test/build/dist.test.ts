import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

it('dist/ is exactly what the build makes of src/ (run npm run build and commit dist/)', { timeout: 120_000 }, () => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'migration-gate-dist-'));
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--outdir', outdir], { cwd: ROOT });
  const built = readdirSync(outdir).sort();
  expect(readdirSync(path.join(ROOT, 'dist')).sort()).toEqual(built);
  for (const file of built) {
    const fresh = readFileSync(path.join(outdir, file), 'utf8');
    const committed = readFileSync(path.join(ROOT, 'dist', file), 'utf8');
    expect(committed === fresh, `dist/${file} is stale`).toBe(true);
  }
});

it('the version the CLI prints is the package version', async () => {
  const { VERSION } = await import('../../src/version.js');
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  expect(VERSION).toBe(pkg.version);
});
