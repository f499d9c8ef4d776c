import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TypeScript from 'typescript';

type TS = typeof TypeScript;

/** The project's own TypeScript compiler, when it has one. */
export function projectTypeScript(projectDir: string): TS | null {
  try {
    return createRequire(path.join(projectDir, 'package.json'))('typescript') as TS;
  } catch {
    return null;
  }
}

/**
 * A jiti transform that compiles with the project's own TypeScript and tsconfig. Babel, jiti's default,
 * refuses decorated `declare` and `!` fields, which sequelize-typescript models use on every column, and
 * esbuild-based loaders drop decorator metadata; TypeScript's own transpiler handles both as `tsc` would.
 */
export function typeScriptTransform(
  ts: TS,
  projectDir: string,
): (options: { source: string; filename?: string }) => {
  code: string;
} {
  const compilerOptions: TypeScript.CompilerOptions = {
    ...projectCompilerOptions(ts, projectDir),
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    allowJs: true,
    verbatimModuleSyntax: false,
    isolatedModules: false,
    declaration: false,
    sourceMap: false,
    inlineSourceMap: true,
    inlineSources: true,
    noEmit: false,
  };
  // .mts/.mjs names make TypeScript emit ES modules whatever `module` says; jiti evaluates CommonJS.
  const commonJsName = (filename: string) => filename.replace(/\.m([tj]s)$/, '.$1').replace(/\.c([tj]s)$/, '.$1');
  return ({ source, filename }) => ({
    code: ts.transpileModule(source, { fileName: commonJsName(filename ?? 'module.ts'), compilerOptions }).outputText,
  });
}

/** The compiler options of the project's tsconfig.json, or TypeScript's defaults when it has none. */
function projectCompilerOptions(ts: TS, projectDir: string): TypeScript.CompilerOptions {
  const file = ts.findConfigFile(projectDir, ts.sys.fileExists);
  if (!file) return { experimentalDecorators: true, emitDecoratorMetadata: true };
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config ?? {}, ts.sys, path.dirname(file)).options;
}
