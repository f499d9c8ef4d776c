import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compilerFor,
  readProjectConfig,
  transpileOptions,
  tsconfigAliases,
  typeScriptTransform,
} from '../../src/chain/typescript.js';
import { ConfigError } from '../../src/errors.js';

const ts = createRequire(import.meta.url)('typescript') as typeof import('typescript');

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'migration-gate-tsconfig-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('tsconfigAliases', () => {
  it('maps tsconfig paths to directories and files, from baseUrl or the tsconfig folder', () => {
    const dir = project({
      'tsconfig.json': JSON.stringify({
        compilerOptions: { baseUrl: 'src', paths: { '@app/*': ['app/*'], '@db': ['db/index.ts'], '*': ['x/*'] } },
      }),
    });
    expect(tsconfigAliases(readProjectConfig(ts, dir), dir)).toEqual({
      '@app': path.join(dir, 'src/app'),
      '@db': path.join(dir, 'src/db/index.ts'),
    });
    const bare = project({ 'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '~/*': ['./lib/*'] } } }) });
    expect(tsconfigAliases(readProjectConfig(ts, bare), bare)).toEqual({ '~': path.join(bare, 'lib') });
  });
});

describe('readProjectConfig', () => {
  it('reads extends, and lets options another TypeScript version knows (or deprecates) pass', () => {
    const dir = project({
      'tsconfig.base.json': JSON.stringify({ compilerOptions: { experimentalDecorators: true } }),
      'tsconfig.json': JSON.stringify({
        extends: './tsconfig.base.json',
        compilerOptions: { emitDecoratorMetadata: true, moduleResolution: 'node', someFutureOption: true },
      }),
    });
    const { file, options } = readProjectConfig(ts, dir);
    expect(file).toBe(path.join(dir, 'tsconfig.json'));
    expect(options).toMatchObject({ experimentalDecorators: true, emitDecoratorMetadata: true });
  });

  it('a tsconfig that is not JSON, or extends a missing file, is one ConfigError naming it', () => {
    const broken = project({ 'tsconfig.json': '{ "compilerOptions": { "target": "es2022", } ' });
    expect(() => readProjectConfig(ts, broken)).toThrow(ConfigError);
    expect(() => readProjectConfig(ts, broken)).toThrow(`${path.join(broken, 'tsconfig.json')}:`);
    const missing = project({ 'tsconfig.json': JSON.stringify({ extends: '@tsconfig/node99/tsconfig.json' }) });
    expect(() => readProjectConfig(ts, missing)).toThrow(/tsconfig\.json: .*@tsconfig\/node99/);
  });

  it('without a tsconfig, decorators with metadata (what sequelize-typescript needs)', () => {
    expect(readProjectConfig(ts, project({}))).toEqual({
      file: null,
      options: { experimentalDecorators: true, emitDecoratorMetadata: true },
    });
  });
});

describe('transpileOptions', () => {
  it('drops module resolution (its valid values differ by version) and keeps the emit options', () => {
    const options = transpileOptions(ts, {
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      module: ts.ModuleKind.NodeNext,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      verbatimModuleSyntax: true,
      paths: { '@/*': ['src/*'] },
    });
    expect(options).not.toHaveProperty('moduleResolution');
    expect(options).not.toHaveProperty('paths');
    expect(options).not.toHaveProperty('verbatimModuleSyntax');
    expect(options).toMatchObject({ module: ts.ModuleKind.CommonJS, experimentalDecorators: true });
    expect(Object.values(options)).not.toContain(undefined);
  });

  it("keeps the class-field semantics of the project's own target: `name!: string` must not hide a getter", () => {
    const source = 'export class User { name!: string }';
    const emit = (target: number) =>
      ts.transpileModule(source, { compilerOptions: transpileOptions(ts, { target }) }).outputText;
    expect(emit(ts.ScriptTarget.ES2017)).not.toMatch(/\bname;/);
    expect(emit(ts.ScriptTarget.ES2022)).toMatch(/\bname;/);
    expect(transpileOptions(ts, { target: ts.ScriptTarget.ES2022, useDefineForClassFields: false })).toMatchObject({
      useDefineForClassFields: false,
    });
  });

  it('a file that does not parse throws with its line; an option problem does not', () => {
    const transform = typeScriptTransform(ts, { file: null, options: { moduleResolution: 2, jsx: undefined } });
    expect(transform({ source: 'export const a = 1;', filename: '/p/a.ts' }).code).toContain('exports.a = 1');
    expect(() => transform({ source: 'export const = ;', filename: '/p/b.ts' })).toThrow(/\/p\/b\.ts:1:/);
  });
});

describe('compilerFor: the project’s TypeScript when it has a JavaScript API, the bundled one otherwise', () => {
  const fake = (version: string, main: string) =>
    project({
      'package.json': '{"name":"app"}',
      'node_modules/typescript/package.json': JSON.stringify({ name: 'typescript', version, main: 'index.js' }),
      'node_modules/typescript/index.js': main,
    });

  it('TypeScript 7 (a native compiler: its main module only says its version) → the bundled one, saying why', async () => {
    const compiler = compilerFor(fake('7.0.2', 'module.exports = { version: "7.0.2" };'));
    expect(compiler.ts.transpileModule).toBeTypeOf('function');
    expect(compiler.origin).toBe(
      `the bundled TypeScript ${ts.version} (the project's 7.0.2 has no JavaScript compiler API)`,
    );
  });

  it('no TypeScript at all → the bundled one', async () => {
    const compiler = compilerFor(project({ 'package.json': '{"name":"app"}' }));
    expect(compiler.origin).toBe(`the bundled TypeScript ${ts.version}`);
  });

  it('a TypeScript package with an unreadable version, or that throws when loaded, is a ConfigError naming it', async () => {
    expect(() => compilerFor(fake('next', 'module.exports = {};'))).toThrow(
      /node_modules\/typescript\/package\.json: the project's typescript package has no readable version/,
    );
    expect(() => compilerFor(fake('5.4.2', 'throw new Error("half installed");'))).toThrow(
      /typescript\/package\.json: the project's TypeScript 5\.4\.2 cannot be loaded \(half installed\)/,
    );
  });

  it("the repository's own TypeScript is a project TypeScript", async () => {
    expect(compilerFor(process.cwd()).origin).toBe(`the project's TypeScript ${ts.version}`);
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
