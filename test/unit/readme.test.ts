import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../integration/helpers.js';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const pages = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).map((file) => `docs/${file}`)];

/** GitHub's anchor for a heading: lower case, punctuation but hyphens dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(path.join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => slug(match[1]!)));
}

describe('the README', () => {
  const firstScreen = readme.split('\n## Documentation')[0]!.split('\n');

  it('fits the pitch, one workflow and the two commands (run it, test it) on one screen', () => {
    expect(firstScreen.length).toBeLessThanOrEqual(60);
    const text = firstScreen.join('\n');
    expect(text).toContain('uses: OWNER/migration-gate@v1');
    expect(text).toMatch(/^npx migration-gate check --migrations 'migrations\/\*\.ts' --model models\/$/m);
    expect(text).toMatch(/^npm ci && npm test$/m);
  });

  it('links every page of the docs', () => {
    const linked = [...readme.matchAll(/\]\((docs\/[\w.-]+\.md)(?:#[\w-]+)?\)/g)].map((match) => match[1]);
    expect(new Set(linked)).toEqual(new Set(pages.filter((page) => page.startsWith('docs/'))));
  });
});

describe.each(pages)('links in %s', (page) => {
  const text = readFileSync(path.join(ROOT, page), 'utf8').replace(/```[\s\S]*?```/g, '');
  const links = [...text.matchAll(/\]\((?!https?:|mailto:)([^)\s]*)\)/g)].map((match) => match[1]!);

  it('point at files and headings that exist', () => {
    for (const link of links) {
      const [target, anchor] = link.split('#') as [string, string | undefined];
      const file = target === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), target));
      expect(existsSync(path.join(ROOT, file)), `${page} links ${link}`).toBe(true);
      if (anchor && file.endsWith('.md')) expect(anchorsOf(file), `${page} links ${link}`).toContain(anchor);
    }
  });
});
