import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INPUTS } from '../../src/action.js';

const MANIFEST = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../action.yml'), 'utf8');

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

  it('names an author and keeps its branding', () => {
    expect(topLevel('author')).toBe('migration-gate contributors');
    expect(MANIFEST).toMatch(/^branding:\n {2}icon: \S+\n {2}color: \S+$/m);
  });

  it('declares exactly the inputs the action reads', () => {
    expect(inputNames().sort()).toEqual(Object.values(INPUTS).sort());
  });
});
