import { describe, expect, it } from 'vitest';
import { applyBaseline, baselineOf, fingerprint } from '../../src/findings/baseline.js';
import { aFinding } from './results.js';

const drift = aFinding({
  kind: 'drift',
  table: 'user',
  column: 'api_token',
  migration: '003-drop.js',
  file: '/p/models/user.js',
  line: 24,
  message: 'user.api_token is in the model but not in the migrations',
});

describe('fingerprint', () => {
  it('ignores file, line and wording, so that moved or reworded findings stay known', () => {
    const moved = { ...drift, file: '/p/src/models/user.ts', line: 80, message: 'reworded' };
    expect(fingerprint(moved)).toEqual(fingerprint(drift));
    expect(fingerprint(drift)).toEqual({ kind: 'drift', table: 'user', object: 'api_token', migration: '003-drop.js' });
    expect(fingerprint({ ...drift, column: 'other' })).not.toEqual(fingerprint(drift));
  });
});

describe('applyBaseline', () => {
  const order = aFinding({ kind: 'column-order', severity: 'warning', table: 'org', column: null, migration: null });
  const baseline = baselineOf([drift, order, aFinding({ kind: 'irreversible', severity: 'notice' })]).findings;

  it('records errors and warnings, not accepted notices', () => {
    expect(baseline.map((entry) => entry.kind).sort()).toEqual(['column-order', 'drift']);
  });

  it('reports known findings as notices, keeps new ones failing, and lists entries that no longer occur', () => {
    const fresh = aFinding({ kind: 'drift', table: 'user', column: 'nickname', migration: '009-x.js' });
    const { findings, fixed } = applyBaseline([{ ...drift, line: 30 }, fresh], baseline);
    expect(findings.map((finding) => [finding.column, finding.severity, finding.known ?? false])).toEqual([
      ['api_token', 'notice', true],
      ['nickname', 'error', false],
    ]);
    expect(findings[0]!.message).toContain('(known: in the baseline)');
    expect(fixed.map((entry) => entry.kind)).toEqual(['column-order']);
  });

  it('covers a fingerprint only as often as the baseline holds it', () => {
    const { findings } = applyBaseline([drift, drift], baselineOf([drift]).findings);
    expect(findings.map((finding) => finding.severity)).toEqual(['notice', 'error']);
  });
});
