import { describe, expect, it } from 'vitest';
import type { Severity } from '../../src/findings/types.js';
import { artifactName } from '../../src/github/artifact.js';
import { ANNOTATION_LIMIT, annotations, summaryMarkdown } from '../../src/report/github.js';
import { aFinding, aResult, CWD, PASSING, typeChange } from './results.js';

describe('annotations', () => {
  it('make file paths relative to the repository root, also from a subfolder project', () => {
    const result = aResult({ cwd: `${CWD}/app`, findings: [aFinding({ file: `${CWD}/app/models/user.js`, line: 7 })] });
    expect(annotations(result, CWD).shown).toEqual([
      {
        severity: 'error',
        title: 'migration-gate: migration-error',
        message: 'something went wrong',
        file: 'app/models/user.js',
        startLine: 7,
      },
    ]);
  });

  it(`show at most ${ANNOTATION_LIMIT} of each severity, the first ones, and count the rest`, () => {
    const findings = (['error', 'warning'] as Severity[]).flatMap((severity) =>
      Array.from({ length: 14 }, (_, i) => aFinding({ severity, message: `${severity} ${i}` })),
    );
    const { shown, hidden } = annotations(aResult({ findings }), CWD);
    expect(shown.filter((item) => item.severity === 'error').map((item) => item.message)).toEqual(
      Array.from({ length: ANNOTATION_LIMIT }, (_, i) => `error ${i}`),
    );
    expect(shown.filter((item) => item.severity === 'warning')).toHaveLength(ANNOTATION_LIMIT);
    expect(hidden).toBe(28 - 2 * ANNOTATION_LIMIT);
  });

  it('leave out file and line when the finding has none', () => {
    const [annotation] = annotations(aResult({ findings: [aFinding({ file: null, line: null })] }), CWD).shown;
    expect(annotation).toMatchObject({ file: undefined, startLine: undefined });
  });
});

describe('summaryMarkdown', () => {
  const failing = summaryMarkdown(aResult(), CWD);

  it('opens with the verdict in one line', () => {
    expect(failing.split('\n')[0]).toBe('## ❌ migration-gate failed: 3 error(s), 1 warning(s)');
    expect(summaryMarkdown(PASSING, CWD).split('\n')[0]).toBe(
      '## ✅ migration-gate passed: 1 migrations, 2 tables compared, 1 warning(s)',
    );
  });

  it('names the server flavor and version', () => {
    expect(failing).toContain('**Server** MySQL 8.4.3');
  });

  it('has the chain as a table with one row per step', () => {
    expect(failing).toContain('| # | migration | up | down | re-up | time |');
    expect(failing).toMatch(/^\| 2 \| `002-add-token\.js` \| ✅ \| ❌ mismatch \| – \|/m);
    expect(failing).toMatch(/^\| 3 \| `003-no-down\.js` \| ✅ \| ❌ no down \| – \|/m);
  });

  it('groups model differences by table as model / migrations rows', () => {
    expect(failing).toContain('#### `user`');
    expect(failing).toContain('| object | model | migrations |');
    expect(failing).toContain('| user.api_token type | varchar(64) | varchar(32) |');
  });

  it("labels each comparison's sides as its findings name them: an upgrade is fresh / upgraded, not model / migrations", () => {
    const upgrade = aResult({
      findings: [
        aFinding({
          kind: 'upgrade-mismatch',
          message: 'a database upgraded from main differs from a fresh one',
          direction: null,
          differences: [typeChange],
          sides: { expected: 'fresh database', actual: 'upgraded database' },
        }),
      ],
    });
    const summary = summaryMarkdown(upgrade, CWD);
    expect(summary).toContain(
      '| object | fresh database | upgraded database |\n|---|---|---|\n| user.api_token type | varchar(64) | varchar(32) |',
    );
    expect(summary).not.toContain('| object | model | migrations |');
  });

  it('lists findings with their file and line, relative to the repository root', () => {
    expect(failing).toContain('| ❌ | drift | `models/user.js:7` |');
  });

  it('escapes what would break a table cell, and folds long detail away', () => {
    const text = summaryMarkdown(aResult({ findings: [aFinding({ message: `a | b <c> ${'x'.repeat(300)}` })] }), CWD);
    expect(text).toContain('a \\| b &lt;c&gt;');
    expect(text).toContain('<details><summary>Full messages and statements</summary>');
  });
});

describe('artifactName', () => {
  it('joins its parts with what GitHub refuses in a name (`:` `/` and the like) made hyphens', () => {
    expect(artifactName('migration-gate-migration', 'gate', 'ghcr.io/acme/mysql:8.4')).toBe(
      'migration-gate-migration-gate-ghcr.io-acme-mysql-8.4',
    );
    expect(artifactName('migration-gate-migration', '', '')).toBe('migration-gate-migration');
  });
});
