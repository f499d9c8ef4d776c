import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectTypeScript, tsconfigAliases } from '../../src/chain/typescript.js';

describe('tsconfigAliases', () => {
  const ts = projectTypeScript(process.cwd())!;

  it('maps tsconfig paths to directories and files, from baseUrl or the tsconfig folder', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'migration-gate-tsconfig-'));
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { baseUrl: 'src', paths: { '@app/*': ['app/*'], '@db': ['db/index.ts'], '*': ['x/*'] } },
      }),
    );
    expect(tsconfigAliases(ts, dir)).toEqual({
      '@app': path.join(dir, 'src/app'),
      '@db': path.join(dir, 'src/db/index.ts'),
    });
    const bare = mkdtempSync(path.join(tmpdir(), 'migration-gate-tsconfig-'));
    writeFileSync(
      path.join(bare, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { paths: { '~/*': ['./lib/*'] } } }),
    );
    expect(tsconfigAliases(ts, bare)).toEqual({ '~': path.join(bare, 'lib') });
  });
});

describe('which transpiler keeps decorator metadata (why models load through TypeScript)', () => {
  const source = `
function Column(target: object, key: string) {}
export class User {
  @Column
  declare email: string;
  @Column
  declare age: number;
}
`;

  it("TypeScript's own transpiler emits design:type, which sequelize-typescript reads for @Column without a type", async () => {
    const ts = projectTypeScript(process.cwd())!;
    const typescript = ts.transpileModule(source, {
      compilerOptions: { experimentalDecorators: true, emitDecoratorMetadata: true, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    expect(typescript).toContain('__metadata("design:type", String)');
    expect(typescript).toContain('__metadata("design:type", Number)');
  });

  it('esbuild (what tsx and most loaders use) drops it', async () => {
    const { transformSync } = await import('esbuild');
    const esbuild = transformSync(source, {
      loader: 'ts',
      tsconfigRaw: { compilerOptions: { experimentalDecorators: true, emitDecoratorMetadata: true } },
    }).code;
    expect(esbuild).toContain('__decorateClass');
    expect(esbuild).not.toContain('design:type');
  });
});
