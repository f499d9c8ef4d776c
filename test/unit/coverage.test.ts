import { describe, expect, it } from 'vitest';
import { coverageOf, describeCoverage } from '../../src/findings/coverage.js';
import { renderText } from '../../src/report/text.js';
import { summaryMarkdown } from '../../src/report/github.js';
import { aResult, aStepReport } from './results.js';

const whole = [
  aStepReport('001.js', 'ok', 'ok', 'ok'),
  aStepReport('002.js', 'ok', 'mismatch', 'ok'),
  aStepReport('003.js', 'ok', 'irreversible', 'ok'),
];

describe('coverageOf: what was checked, and why the rest was not', () => {
  it('a whole chain and a compared model: no gap', () => {
    const coverage = coverageOf({
      steps: whole,
      keep: 0,
      upOnly: false,
      modelGiven: true,
      tables: { compared: 2, model: 3 },
    });
    expect(coverage).toEqual({
      steps: 3,
      up: 3,
      down: 2,
      reup: 3,
      expected: { up: 3, down: 3, reup: 3 },
      tables: { compared: 2, model: 3 },
      gaps: [],
    });
    expect(describeCoverage(coverage)).toBe('up 3/3, down 2/3, re-up 3/3; 2 of 3 model table(s) compared');
  });

  it('a migration that did not load stops the chain: two gaps, and the model not compared is a third', () => {
    const steps = [aStepReport('001.js', 'ok', 'ok', 'ok'), aStepReport('002.js', 'not-loaded', 'skipped', 'skipped')];
    const { gaps } = coverageOf({ steps, keep: 0, upOnly: false, modelGiven: true, tables: null });
    expect(gaps).toEqual([
      '1 migration(s) could not be loaded',
      'the up pass ran 1 of 2 migration(s)',
      'the model was not compared',
    ]);
  });

  it('a step that timed out leaves the rest of the passes unrun', () => {
    const steps = [aStepReport('001.js', 'ok', 'timeout', 'skipped'), aStepReport('002.js', 'ok', 'ok', 'skipped')];
    const { gaps } = coverageOf({ steps, keep: 0, upOnly: false, modelGiven: false, tables: null });
    expect(gaps).toEqual(['the re-up pass did not run 2 migration(s)']);
  });

  it('--minimum-downgrade and snapshot (up only) are not gaps', () => {
    const kept = [aStepReport('001.js', 'ok', 'skipped', 'skipped'), aStepReport('002.js', 'ok', 'ok', 'ok')];
    expect(coverageOf({ steps: kept, keep: 1, upOnly: false, modelGiven: false, tables: null }).gaps).toEqual([]);
    const upOnly = [aStepReport('001.js', 'ok', 'skipped', 'skipped')];
    const coverage = coverageOf({ steps: upOnly, keep: 0, upOnly: true, modelGiven: false, tables: null });
    expect(coverage.gaps).toEqual([]);
    expect(describeCoverage(coverage)).toBe('up 1/1');
  });
});

describe('reports state the coverage and show what the project printed', () => {
  const gap = aResult({
    coverage: { ...aResult().coverage, gaps: ['1 migration(s) could not be loaded'] },
    steps: [{ ...aStepReport('001-create-user.js', 'ok', 'ok', 'ok'), log: 'seeding 3 rows\ndone\n' }],
    loadLog: 'app booted\n',
  });

  it('text: the checked line, each gap, and the output under its migration', () => {
    const text = renderText(gap, { color: false });
    expect(text).toContain('Checked: up 3/3, down 2/3, re-up 1/3; 2 of 2 model table(s) compared\n');
    expect(text).toContain('Not checked: 1 migration(s) could not be loaded\n');
    expect(text).toContain(
      [
        'Output of the project’s code',
        '  while loading the project:',
        '    app booted',
        '  001-create-user.js:',
        '    seeding 3 rows',
        '    done',
      ].join('\n'),
    );
    expect(renderText(aResult(), { color: false })).not.toContain('Output of the project');
  });

  it('job summary: the checked line and each gap', () => {
    const markdown = summaryMarkdown(gap, '/work/app');
    expect(markdown).toContain('**Checked** up 3/3, down 2/3, re-up 1/3; 2 of 2 model table(s) compared');
    expect(markdown).toContain('> ⚠️ **Not checked:** 1 migration(s) could not be loaded.');
  });
});
