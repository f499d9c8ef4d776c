import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TypeScript from 'typescript';
import { ConfigError } from '../errors.js';
import { rememberSourceMap } from './sourcemaps.js';

type TS = typeof import('typescript');

/** The compiler that loads a project's TypeScript, and why it is that one. */
export interface Compiler {
  ts: TS;
  /** e.g. "the project's TypeScript 4.9.5", "the bundled TypeScript 5.9.3 (the project's 7.0.2 has no JavaScript compiler API)". */
  origin: string;
}

/**
 * The project's own `typescript` when it has a JavaScript compiler API (4.x to 6.x), so that its code
 * compiles as its own `tsc` compiles it; otherwise the TypeScript shipped with the gate. TypeScript 7 is a
 * native compiler with no `transpileModule`, and a project may have no TypeScript at all. The shipped
 * one is TypeScript itself, not esbuild or Babel: esbuild drops decorator metadata (`design:type`, which
 * sequelize-typescript reads for `@Column` without a type) and Babel, jiti's default, refuses the decorated
 * `declare` and `!` fields models are written with. It is plain JavaScript, so it runs on every runner OS.
 */
export function compilerFor(projectDir: string): Compiler {
  const project = projectTypeScript(projectDir);
  if (project && 'ts' in project) return project;
  const ts = shippedTypeScript();
  return { ts, origin: `the bundled TypeScript ${ts.version}${project ? ` (${project.why})` : ''}` };
}

/**
 * The project's `typescript`, a reason it cannot be used, or null when it has none. An installed package
 * that cannot be read is an error: the gate will not guess which language version the project means.
 */
function projectTypeScript(projectDir: string): Compiler | { why: string } | null {
  const require = createRequire(path.join(projectDir, 'package.json'));
  let manifest: string;
  try {
    manifest = require.resolve('typescript/package.json');
  } catch {
    return null;
  }
  const version = packageVersion(manifest);
  const major = Number(/^(\d+)\.\d+/.exec(version ?? '')?.[1]);
  if (!version || !Number.isInteger(major))
    throw new ConfigError(
      `${manifest}: the project's typescript package has no readable version ("${version ?? ''}"); reinstall it (npm ci) or remove it`,
      { file: manifest },
    );
  let ts: Partial<TS>;
  try {
    ts = require('typescript') as Partial<TS>;
  } catch (error) {
    throw new ConfigError(
      `${manifest}: the project's TypeScript ${version} cannot be loaded (${(error as Error).message.split('\n')[0]}); reinstall it (npm ci)`,
      { file: manifest },
    );
  }
  if (major < 4) return { why: `the project's ${version} is older than 4.0` };
  if (!hasCompilerApi(ts)) return { why: `the project's ${version} has no JavaScript compiler API` };
  return { ts, origin: `the project's TypeScript ${version}` };
}

function packageVersion(manifest: string): string | null {
  try {
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown };
    return typeof version === 'string' ? version : null;
  } catch {
    return null;
  }
}

function hasCompilerApi(ts: Partial<TS>): ts is TS {
  return (
    typeof ts.transpileModule === 'function' &&
    typeof ts.parseJsonConfigFileContent === 'function' &&
    typeof ts.findConfigFile === 'function'
  );
}

/**
 * The build copies TypeScript's own single-file compiler beside the bundle as typescript.cjs (see
 * scripts/build.mjs); run from source, it is the gate's own devDependency. Loaded only when a project
 * needs it: it is half of what the gate ships and takes most of a second to load.
 */
function shippedTypeScript(): TS {
  const require = createRequire(import.meta.url);
  const shipped = new URL('./typescript.cjs', import.meta.url);
  return require(existsSync(shipped) ? fileURLToPath(shipped) : 'typescript') as TS;
}

/** A project's tsconfig, read once: the options that shape a single file's output, and its path aliases. */
export interface ProjectConfig {
  /** The tsconfig.json read, or null when the project has none. */
  file: string | null;
  options: TypeScript.CompilerOptions;
}

/** Diagnostics of a tsconfig that leave it unreadable: its JSON, or an `extends` that is not there. */
const UNREADABLE = new Set([5083, 5092, 6053, 18001]);

/**
 * The project's tsconfig.json as its compiler reads it. Unknown or deprecated options are the project's
 * own business (they change nothing in one file's output); a file that is not valid JSON, or that extends
 * one that cannot be found, is a configuration error that names it.
 */
export function readProjectConfig(ts: TS, projectDir: string): ProjectConfig {
  const file = ts.findConfigFile(projectDir, ts.sys.fileExists);
  if (!file) return { file: null, options: { experimentalDecorators: true, emitDecoratorMetadata: true } };
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  const parsed = error ? null : ts.parseJsonConfigFileContent(config ?? {}, ts.sys, path.dirname(file));
  const fatal = error ?? parsed?.errors.find((diagnostic) => UNREADABLE.has(diagnostic.code));
  if (fatal)
    throw new ConfigError(`${file}: ${describe(ts, fatal, file)}; fix it so that tsc can read it`, {
      file,
    });
  return { file, options: parsed!.options };
}

export type Transform = (input: { source: string; filename?: string }) => { code: string };

/**
 * A jiti transform that compiles TypeScript (and ES-module JavaScript) to CommonJS with the project's
 * emit options. Only what shapes one file's output is taken from the tsconfig: module resolution and
 * type-checking options mean nothing to a single-file transpile, and their valid values differ between
 * TypeScript versions (4.9 has no `node10`; 6.0 refuses it as deprecated).
 */
export function typeScriptTransform(ts: TS, project: ProjectConfig): Transform {
  const compilerOptions = transpileOptions(ts, project.options);
  // .mts/.mjs names make TypeScript emit ES modules whatever `module` says; jiti evaluates CommonJS.
  const commonJsName = (filename: string) => filename.replace(/\.m([tj]s)$/, '.$1').replace(/\.c([tj]s)$/, '.$1');
  return ({ source, filename }) => {
    const fileName = commonJsName(filename ?? 'module.ts');
    const output = ts.transpileModule(source, { fileName, compilerOptions, reportDiagnostics: true });
    // transpileModule recovers from syntax errors and emits code anyway: a file that does not parse must
    // fail to load, not run half of itself. Diagnostics with no file are about options, not this file.
    const syntax = output.diagnostics?.find(
      (diagnostic) => diagnostic.file && diagnostic.category === ts.DiagnosticCategory.Error,
    );
    if (syntax) throw new SyntaxError(describe(ts, syntax, filename ?? fileName));
    if (filename && output.sourceMapText) rememberSourceMap(filename, output.sourceMapText);
    return { code: output.outputText };
  };
}

export function transpileOptions(ts: TS, project: TypeScript.CompilerOptions): TypeScript.CompilerOptions {
  const target = ts.ScriptTarget.ES2022 ?? ts.ScriptTarget.ES2020;
  const options: TypeScript.CompilerOptions = {
    experimentalDecorators: project.experimentalDecorators,
    emitDecoratorMetadata: project.emitDecoratorMetadata,
    // The output's target is fixed, so the project's own default must be kept explicitly: with define
    // semantics `name!: string` becomes an own property that hides Sequelize's attribute getter.
    useDefineForClassFields: project.useDefineForClassFields ?? definesClassFields(ts, project),
    jsx: project.jsx,
    jsxFactory: project.jsxFactory,
    jsxFragmentFactory: project.jsxFragmentFactory,
    jsxImportSource: project.jsxImportSource,
    preserveConstEnums: project.preserveConstEnums,
    module: ts.ModuleKind.CommonJS,
    target,
    esModuleInterop: true,
    allowJs: true,
    sourceMap: true,
  };
  // transpileModule checks every enum-valued option that is present, even as undefined.
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

/** tsc's default for useDefineForClassFields: on from target ES2022 (ESNext included) on. */
function definesClassFields(ts: TS, project: TypeScript.CompilerOptions): boolean {
  const internal = ts as TS & { getUseDefineForClassFields?: (options: TypeScript.CompilerOptions) => boolean };
  if (typeof internal.getUseDefineForClassFields === 'function') return internal.getUseDefineForClassFields(project);
  return project.target !== undefined && project.target >= (ts.ScriptTarget.ES2022 ?? ts.ScriptTarget.ESNext);
}

/**
 * The project's tsconfig `paths` as module aliases: `"@app/*": ["src/*"]` makes `@app/db` load
 * `<baseUrl>/src/db`, as tsc and tsconfig-paths resolve it. The first target of each pattern is taken.
 */
export function tsconfigAliases(project: ProjectConfig, projectDir: string): Record<string, string> {
  const options = project.options as TypeScript.CompilerOptions & { pathsBasePath?: string };
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

function describe(ts: TS, diagnostic: TypeScript.Diagnostic, filename: string): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  if (!diagnostic.file || diagnostic.start === undefined) return message;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${message} (${filename}:${line + 1}:${character + 1})`;
}
