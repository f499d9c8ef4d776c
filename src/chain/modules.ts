import { createRequire } from 'node:module';
import path from 'node:path';
import { createJiti, type Jiti } from 'jiti/static';
import { projectTypeScript, tsconfigAliases, typeScriptTransform } from './typescript.js';

const loaders = new Map<string, Jiti>();

// Stack traces of migration errors then point at lines of the user's source, not the loader's output.
process.setSourceMapsEnabled(true);

/**
 * Loads a user's module with no build step: .js/.cjs/.mjs and .ts/.cts/.mts, ESM or CommonJS, including
 * TypeScript that mixes `import` with `module.exports` as sequelize-cli projects write it. Packages
 * resolve from the file's own directory, so the project's own `sequelize` is the one its migrations get.
 * TypeScript compiles with the project's own compiler and tsconfig when it has them (its `paths` are
 * aliases), with jiti's Babel transform otherwise.
 */
export function importModule(file: string, projectDir: string = path.dirname(file)): Promise<unknown> {
  return loaderFor(projectDir).import(file);
}

/**
 * Forgets the project's own modules (not its packages), so that the next check loads them afresh: an
 * app module that opened a connection from the environment is then opened again, to the new run's
 * scratch schema. Only one check runs per CLI or action process; tests and --new-only run several.
 */
export function forgetProjectModules(projectDir: string): void {
  const cache = createRequire(path.join(projectDir, 'package.json')).cache;
  const prefix = projectDir.endsWith(path.sep) ? projectDir : projectDir + path.sep;
  for (const file of Object.keys(cache))
    if (file.startsWith(prefix) && !file.includes(`${path.sep}node_modules${path.sep}`)) delete cache[file];
}

function loaderFor(projectDir: string): Jiti {
  let loader = loaders.get(projectDir);
  if (!loader) {
    const ts = projectTypeScript(projectDir);
    loader = createJiti(path.join(projectDir, 'package.json'), {
      interopDefault: false,
      fsCache: false,
      sourceMaps: true,
      ...(ts && { transform: typeScriptTransform(ts, projectDir), alias: tsconfigAliases(ts, projectDir) }),
    });
    loaders.set(projectDir, loader);
  }
  return loader;
}
