import { describe, expect, it } from 'vitest';
import { mergeEngines } from '../../src/findings/engines.js';
import { annotations, summaryMarkdown } from '../../src/report/github.js';
import { commentBody } from '../../src/report/comment.js';
import { renderJson } from '../../src/report/json.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderText } from '../../src/report/text.js';
import { parseFlavor } from '../../src/schema/flavor.js';
import { aFinding, aResult, aStepReport, CWD, PASSING } from './results.js';

const everywhere = aFinding({
  kind: 'column-order',
  severity: 'warning',
  message: 'columns of user are in another order',
  file: `${CWD}/models/user.js`,
  line: 3,
});
const mariadbOnly = aFinding({
  kind: 'migration-error',
  message: "002-add-token.js up failed: Unknown system variable 'sql_require_primary_key'",
  file: `${CWD}/migrations/002-add-token.js`,
  line: 4,
  direction: 'up',
});

const mysql = { ...PASSING, findings: [everywhere] };
const mariadb = aResult({
  server: { flavor: parseFlavor('11.8.3-MariaDB'), origin: 'mariadb:11.8' },
  steps: [
    aStepReport('001-create-user.js', 'ok', 'ok', 'ok'),
    aStepReport('002-add-token.js', 'failed', 'skipped', 'skipped'),
  ],
  findings: [mariadbOnly, everywhere],
  coverage: { ...PASSING.coverage, gaps: ['the up pass ran 1 of 2 migration(s)'] },
  notes: [],
});
const merged = mergeEngines(
  [
    { image: 'mysql:8.4', result: mysql },
    { image: 'mariadb:11.8', result: mariadb },
  ],
  21_000,
);

describe('a check on several engines, merged', () => {
  it('fails when one engine fails, with each verdict kept in the order given', () => {
    expect(merged.verdict).toBe('fail');
    expect(merged.engines!.map((engine) => [engine.image, engine.label, engine.verdict, engine.errors])).toEqual([
      ['mysql:8.4', 'MySQL 8.4.3', 'pass', 0],
      ['mariadb:11.8', 'MariaDB 11.8.3', 'fail', 1],
    ]);
    const passing = mergeEngines(
      [
        { image: 'mysql:8.4', result: mysql },
        { image: 'mysql:9.4', result: { ...mysql, server: { ...mysql.server, flavor: parseFlavor('9.4.0') } } },
      ],
      1,
    );
    expect(passing.verdict).toBe('pass');
  });

  it('lists a finding of every engine once, and one of some engines with those engines', () => {
    expect(merged.findings.map((finding) => [finding.kind, finding.engines])).toEqual([
      ['migration-error', ['mariadb:11.8']],
      ['column-order', ['mysql:8.4', 'mariadb:11.8']],
    ]);
  });

  it("keeps one engine's gap a gap, said to be that engine's", () => {
    expect(merged.coverage.gaps).toEqual(['the up pass ran 1 of 2 migration(s) (only on MariaDB 11.8.3)']);
  });

  it('names engines by image where two servers read alike', () => {
    const twins = mergeEngines(
      [
        { image: 'mysql:8.4', result: mysql },
        { image: 'mysql:8.4.3', result: sameServerAsMysql() },
      ],
      1,
    );
    expect(twins.engines!.map((engine) => engine.label)).toEqual(['mysql:8.4', 'mysql:8.4.3']);
  });
});

function sameServerAsMysql() {
  return { ...mariadb, server: mysql.server };
}

describe('the reports of a check on several engines', () => {
  it('text: the disagreement first, each engine, and "only on" where a finding is one engine\'s', () => {
    const text = renderText(merged, { color: false });
    const lines = text.split('\n');
    expect(lines[0]).toBe('migration-gate on 2 servers, context sequelize');
    expect(lines[1]).toBe('The chain works on MySQL 8.4.3 but fails on MariaDB 11.8.3.');
    expect(text).toMatch(/^PASS {2}MySQL 8\.4\.3 \(mysql:8\.4\): 0 error\(s\), 1 warning\(s\); 1 of 1 steps ok/m);
    expect(text).toMatch(/^FAIL {2}MariaDB 11\.8\.3 \(mariadb:11\.8\): 1 error\(s\), 1 warning\(s\); 1 of 2 steps ok/m);
    expect(text).toMatch(/^On MariaDB 11\.8\.3:$/m);
    expect(text).not.toMatch(/^On MySQL/m);
    expect(text).toContain("'sql_require_primary_key' (only on MariaDB 11.8.3)");
    expect(text).toMatch(/warning column-order: columns of user are in another order$/m);
    expect(text).toMatch(/^Checked on MySQL 8\.4\.3: up 3\/3/m);
    expect(text).toMatch(/^Checked on MariaDB 11\.8\.3: up 3\/3/m);
  });

  it('the job summary: a column per engine, in the engine table, the findings and the chain', () => {
    const summary = summaryMarkdown(merged, CWD);
    expect(summary).toMatch(/^\*\*The chain works on MySQL 8\.4\.3 but fails on MariaDB 11\.8\.3\.\*\*$/m);
    expect(summary).toMatch(/^\| verdict \| ✅ passed \| ❌ failed \|$/m);
    expect(summary).toMatch(/^\| ❌ \| migration-error \| `migrations\/002-add-token\.js:4` \| .* \| – \| ✔ \|$/m);
    expect(summary).toMatch(/^\| ⚠️ \| column-order \| .* \| ✔ \| ✔ \|$/m);
    expect(summary).toMatch(/^\| 2 \| `002-add-token\.js` \| – \| ❌ failed – – \|$/m);
  });

  it('annotations, the comment and SARIF say which engine', () => {
    const { shown } = annotations(merged, CWD);
    expect(shown[0]).toMatchObject({ title: 'migration-gate: migration-error (only on MariaDB 11.8.3)' });
    expect(shown[1]!.title).toBe('migration-gate: column-order');
    const comment = commentBody(merged, CWD, '<!-- m -->');
    expect(comment).toContain('✅ MySQL 8.4.3 (`mysql:8.4`) · ❌ MariaDB 11.8.3 (`mariadb:11.8`)');
    expect(comment).toMatch(/^#### Chain on MariaDB 11\.8\.3: 1 of 2 steps ok$/m);
    const sarif = JSON.parse(renderSarif(merged, CWD)) as { runs: { results: { message: { text: string } }[] }[] };
    expect(sarif.runs[0]!.results[0]!.message.text).toContain('(only on MariaDB 11.8.3)');
  });

  it('JSON: each engine flat, with its verdict, chain and times, and every finding with its engines', () => {
    const json = JSON.parse(renderJson(merged)) as {
      engines: { image: string; verdict: string; steps: { file: string }[]; result?: unknown }[];
      findings: { engines: string[] }[];
    };
    expect(json.engines.map((engine) => [engine.image, engine.verdict])).toEqual([
      ['mysql:8.4', 'pass'],
      ['mariadb:11.8', 'fail'],
    ]);
    expect(json.engines[1]!.result).toBeUndefined();
    expect(json.engines[1]!.steps.map((step) => step.file)).toEqual([
      'migrations/001-create-user.js',
      'migrations/002-add-token.js',
    ]);
    expect(json.findings.map((finding) => finding.engines.length)).toEqual([1, 2]);
  });
});
