import { createJiti } from 'jiti/static';

/**
 * Loads a user's module with no build step: .js/.cjs/.mjs and .ts/.cts/.mts, ESM or CommonJS, including
 * TypeScript that mixes `import` with `module.exports` as sequelize-cli projects write it. jiti
 * transpiles with Babel, which keeps decorator metadata, and resolves packages from the file's own
 * directory, so the project's own `sequelize` is the one its migrations get.
 */
const jiti = createJiti(import.meta.url, {
  interopDefault: false,
  fsCache: false,
  sourceMaps: true,
});

// Stack traces of migration errors then point at lines of the user's source, not jiti's output.
process.setSourceMapsEnabled(true);

export function importModule(file: string): Promise<unknown> {
  return jiti.import(file);
}
