import { existsSync } from 'node:fs';
import path from 'node:path';
import { createJiti, type Jiti } from 'jiti';
import {
  compilerFor,
  readProjectConfig,
  tsconfigAliases,
  typeScriptTransform,
  type Compiler,
  type ProjectConfig,
  type Transform,
} from './typescript.js';

/** A project's module loader, and the compiler its TypeScript went through. */
export interface Loader {
  jiti: Jiti;
  /** e.g. "the project's TypeScript 4.9.5 with tsconfig.json"; null while nothing needed compiling. */
  compiler: () => string | null;
}

const loaders = new Map<string, Loader>();

/**
 * Loads a user's module with no build step: .js/.cjs/.mjs and .ts/.cts/.mts, ESM or CommonJS, including
 * TypeScript that mixes `import` with `module.exports` as sequelize-cli projects write it. Packages
 * resolve from the file's own directory, so the project's own `sequelize` is the one its migrations get.
 * Migrations, models and config modules all load this way, through the compiler `compilerFor` chooses.
 */
export async function importModule(file: string, projectDir: string = path.dirname(file)): Promise<unknown> {
  return projectLoader(projectDir).jiti.import(file);
}

/**
 * The project's loader, made once per thread (the project host's worker). A project with a tsconfig has
 * its compiler and tsconfig settled here, before any of its files loads, so that one whose TypeScript or
 * tsconfig cannot be used fails as a whole (a ConfigError naming the file), never half-loaded. Without a
 * tsconfig the compiler is loaded when a file first needs it: CommonJS JavaScript never does, and a
 * compiler costs most of a second.
 */
export function projectLoader(projectDir: string): Loader {
  let loader = loaders.get(projectDir);
  if (!loader) {
    loader = makeLoader(projectDir);
    loaders.set(projectDir, loader);
  }
  return loader;
}

function makeLoader(projectDir: string): Loader {
  let compiled: { compiler: Compiler; project: ProjectConfig; transform: Transform } | null = null;
  const compile = () => {
    if (!compiled) {
      const compiler = compilerFor(projectDir);
      const project = readProjectConfig(compiler.ts, projectDir);
      compiled = { compiler, project, transform: typeScriptTransform(compiler.ts, project) };
    }
    return compiled;
  };
  const aliases = hasTsconfig(projectDir) ? tsconfigAliases(compile().project, projectDir) : {};
  // jiti's own transform (Babel) is never used: every file it would transform goes through TypeScript.
  const jiti = createJiti(path.join(projectDir, 'package.json'), {
    interopDefault: false,
    fsCache: false,
    transform: (input) => compile().transform(input),
    alias: aliases,
  });
  const compiler = () => {
    if (!compiled) return null;
    const { origin } = compiled.compiler;
    const { file } = compiled.project;
    return `${origin} ${file ? `with ${path.relative(projectDir, file) || file}` : 'with no tsconfig'}`;
  };
  return { jiti, compiler };
}

/** Whether tsc would find a tsconfig.json for the project: in its folder or one above, as tsc looks. */
function hasTsconfig(projectDir: string): boolean {
  for (let dir = path.resolve(projectDir); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'tsconfig.json'))) return true;
    if (dir === path.dirname(dir)) return false;
  }
}
