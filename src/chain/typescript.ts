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
  return ({ source, filename }) => {
    const fileName = commonJsName(filename ?? 'module.ts');
    const output = ts.transpileModule(source, { fileName, compilerOptions, reportDiagnostics: true });
    // transpileModule recovers from syntax errors and emits code anyway: a file that does not parse must
    // fail to load, not run half of itself.
    const syntax = output.diagnostics?.find((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
    if (syntax) throw new SyntaxError(describe(ts, syntax, filename ?? fileName));
    return { code: output.outputText };
  };
}

/**
 * The project's tsconfig `paths` as module aliases: `"@app/*": ["src/*"]` makes `@app/db` load
 * `<baseUrl>/src/db`, as tsc and tsconfig-paths resolve it. The first target of each pattern is taken.
 */
export function tsconfigAliases(ts: TS, projectDir: string): Record<string, string> {
  const options = projectCompilerOptions(ts, projectDir) as TypeScript.CompilerOptions & { pathsBasePath?: string };
  const base = options.baseUrl ?? options.pathsBasePath ?? projectDir;
  const aliases: Record<string, string> = {};
  for (const [pattern, targets] of Object.entries(options.paths ?? {})) {
    const target = targets[0];
    if (!target) continue;
    const from = pattern.replace(/\/?\*$/, '');
    if (from === '') continue;
    aliases[from] = path.resolve(base, target.replace(/\/?\*$/, ''));
  }
  return aliases;
}

/** The compiler options of the project's tsconfig.json, or TypeScript's defaults when it has none. */
function projectCompilerOptions(ts: TS, projectDir: string): TypeScript.CompilerOptions {
  const file = ts.findConfigFile(projectDir, ts.sys.fileExists);
  if (!file) return { experimentalDecorators: true, emitDecoratorMetadata: true };
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config ?? {}, ts.sys, path.dirname(file)).options;
}

function describe(ts: TS, diagnostic: TypeScript.Diagnostic, filename: string): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  if (!diagnostic.file || diagnostic.start === undefined) return message;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${message} (${filename}:${line + 1}:${character + 1})`;
}
