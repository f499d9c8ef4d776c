import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OPTION_LIST } from '../../src/config/options.js';
import { generatedFiles } from '../../scripts/generated.js';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MANIFEST = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');

/** A top-level scalar of action.yml, on one line (quoted or not). */
function topLevel(key: string): string | undefined {
  const value = MANIFEST.match(new RegExp(`^${key}:[ \\t]*(.*)$`, 'm'))?.[1]?.trim();
  return value?.replace(/^(['"])(.*)\1$/, '$2');
}

/** The keys under `inputs:`: two spaces in, up to the next top-level key. */
function inputNames(): string[] {
  const block = MANIFEST.match(/^inputs:\n([\s\S]*?)(?=^\S)/m)?.[1] ?? '';
  return [...block.matchAll(/^ {2}([a-z][a-z0-9-]*):\s*$/gm)].map((match) => match[1]!);
}

describe('action.yml', () => {
  it('has a description the Marketplace takes (under 125 characters, on one line)', () => {
    const description = topLevel('description');
    expect(description).toBeTruthy();
    // a folded scalar (`>-`) would be read here as its indicator, not its text
    expect(description).not.toMatch(/^[>|]/);
    expect(description!.length).toBeLessThan(125);
  });

  it('names an author, keeps its branding, and runs the bundle on node24', () => {
    expect(topLevel('author')).toBe('migration-gate contributors');
    expect(MANIFEST).toMatch(/^branding:\n {2}icon: \S+\n {2}color: \S+$/m);
    expect(MANIFEST).toMatch(/^runs:\n {2}using: node24\n {2}main: dist\/index\.js$/m);
  });

  it('declares exactly the inputs of the option table, which the action reads', () => {
    const inputs = OPTION_LIST.flatMap(([, spec]) => spec.input ?? []);
    expect(inputNames()).toEqual(inputs);
  });
});

// `npm run options` writes these from src/config/options.ts; they must not drift from it.
describe('files generated from the option table', () => {
  it.each(['action.yml', 'docs/action.md', 'docs/cli.md', 'migration-gate.schema.json'])(
    '%s is what npm run options writes',
    async (file) => {
      const generated = (await generatedFiles(ROOT)).find((entry) => entry.file === file)!;
      expect(readFileSync(path.join(ROOT, file), 'utf8'), `${file} is stale: run npm run options`).toBe(
        generated.content,
      );
    },
  );
});
