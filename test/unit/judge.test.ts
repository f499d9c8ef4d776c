import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/findings/baseline.js';
import { judge, type Policy } from '../../src/findings/judge.js';
import type { Finding } from '../../src/findings/types.js';
import { aFinding } from './results.js';

const policy = (overrides: Partial<Policy> = {}): Policy => ({
  waivers: { irreversible: [], unsafe: [] },
  ignore: [],
  severities: {},
  mask: (text) => text,
  baseline: null,
  ...overrides,
});

const irreversible = aFinding({ kind: 'irreversible', migration: '002-add-token.js', message: '002 has no down' });
const drift = aFinding({ kind: 'drift', table: 'user', column: 'api_token', message: 'user.api_token s3cret' });
const order = aFinding({ kind: 'column-order', severity: 'warning', table: 'user', message: 'order' });

describe('judge', () => {
  it('passes only with no error finding and no gap', () => {
    expect(judge([order], policy(), []).verdict).toBe('pass');
    expect(judge([order, drift], policy(), []).verdict).toBe('fail');
    expect(judge([order], policy(), ['the up pass ran 1 of 2 migration(s)']).verdict).toBe('fail');
    expect(judge([], policy(), ['1 migration(s) could not be loaded']).verdict).toBe('fail');
  });

  it('waives, then ignores, then weighs: a waived or ignored finding stays a notice whatever its severity', () => {
    const judged = judge(
      [irreversible, drift, order],
      policy({
        waivers: { irreversible: [{ migration: '002-add-token', reason: 'data migration' }], unsafe: [] },
        ignore: [{ table: 'user', column: 'api_token', reason: 'dropped in Q3' }],
        severities: { irreversible: 'error', drift: 'error', 'column-order': 'off' },
      }),
      [],
    );
    expect(judged.findings.map((finding) => [finding.kind, finding.severity]).sort()).toEqual([
      ['drift', 'notice'],
      ['irreversible', 'notice'],
    ]);
    expect(judged.verdict).toBe('pass');
  });

  it('masks secrets before the baseline matches, and the baseline makes known findings notices', () => {
    const mask = (text: string) => text.replaceAll('s3cret', '***');
    const known = { ...fingerprint(drift), message: 'user.api_token ***' };
    const judged = judge([drift, order], policy({ mask, baseline: { label: 'baseline.json', entries: [known] } }), []);
    const judgedDrift = judged.findings.find((finding) => finding.kind === 'drift');
    expect(judgedDrift).toMatchObject({ severity: 'notice', known: true });
    expect(judgedDrift!.message).toBe('user.api_token *** (known: in baseline.json)');
    expect(judged.fixed).toEqual([]);
    const gone = judge([order], policy({ baseline: { label: 'b', entries: [known] } }), []);
    expect(gone.fixed).toEqual([known]);
  });

  it('orders findings most important first, each with its hint', () => {
    const judged = judge([order, drift], policy(), []);
    expect(judged.findings.map((finding: Finding) => finding.kind)).toEqual(['drift', 'column-order']);
    expect(judged.findings.every((finding) => typeof finding.hint === 'string' && finding.hint.length > 0)).toBe(true);
  });
});
