import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { FINDING_KINDS } from '../../src/findings/types.js';
import type { CheckResult } from '../../src/result.js';
import { renderSarif } from '../../src/report/sarif.js';
import { VERSION } from '../../src/version.js';
import { aFinding, aResult, CWD, typeChange } from './results.js';

const require = createRequire(import.meta.url);
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as object;

// the official OASIS schema is draft-04 and names itself with `id`, which only ajv 6 still reads
// (meta: false leaves out the draft-07 meta-schema, whose `$id` ajv would warn about in this mode)
const ajv = new Ajv({ schemaId: 'id', allErrors: true, meta: false });
ajv.addMetaSchema(readJson(require.resolve('ajv/lib/refs/json-schema-draft-04.json')));
const validate = ajv.compile(
  readJson(fileURLToPath(new URL('../fixtures/sarif/sarif-2.1.0-rtm.5.json', import.meta.url))),
);

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations?: {
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number } };
  }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; justification: string }[];
}

interface SarifRun {
  tool: {
    driver: {
      name: string;
      version: string;
      informationUri: string;
      rules: {
        id: string;
        shortDescription: { text: string };
        fullDescription: { text: string };
        help: { text: string };
        defaultConfiguration: { level: string };
      }[];
    };
  };
  originalUriBaseIds: Record<string, { uri: string }>;
  invocations: {
    executionSuccessful: boolean;
    toolExecutionNotifications?: { level: string; message: { text: string } }[];
  }[];
  results: SarifResult[];
}

/** Renders, checks the text against the official schema, and returns the one run. */
function sarif(result: CheckResult, root = CWD): { text: string; run: SarifRun } {
  const text = renderSarif(result, root);
  const log = JSON.parse(text) as { $schema: string; version: string; runs: SarifRun[] };
  const valid = validate(log);
  expect(valid ? [] : validate.errors).toEqual([]);
  expect(log.runs).toHaveLength(1);
  return { text, run: log.runs[0]! };
}

const resultsOf = (result: CheckResult, root = CWD) => sarif(result, root).run.results;
const fingerprintOf = (result: SarifResult) => result.partialFingerprints['migrationGate/v1'];

describe('renderSarif', () => {
  it('is checked by a schema that does reject an invalid log', () => {
    const log = JSON.parse(renderSarif(aResult(), CWD)) as { runs: SarifRun[] };
    log.runs[0]!.results[0]!.locations![0]!.physicalLocation.region = { startLine: 0 };
    expect(validate(log)).toBe(false);
    expect(validate.errors?.map((error) => error.dataPath)).toContain(
      '.runs[0].results[0].locations[0].physicalLocation.region.startLine',
    );
  });

  it('writes a valid SARIF 2.1.0 log with the tool, one rule per kind and one invocation', () => {
    const { text, run } = sarif(aResult());
    const log = JSON.parse(text) as { $schema: string; version: string };
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(text).toBe(`${JSON.stringify(log, null, 2)}\n`);
    const { driver } = run.tool;
    expect([driver.name, driver.version, driver.informationUri]).toEqual([
      'migration-gate',
      VERSION,
      'https://github.com/migration-gate/migration-gate',
    ]);
    expect(driver.rules.map((rule) => rule.id)).toEqual([...FINDING_KINDS]);
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///project/' } });
    expect(run.invocations).toEqual([{ executionSuccessful: true }]);
  });

  it('describes each rule with its kind hint, and levels it by the severity the kind is usually made with', () => {
    const rules = new Map(sarif(aResult()).run.tool.driver.rules.map((rule) => [rule.id, rule]));
    const downMismatch = rules.get('down-mismatch')!;
    expect(downMismatch.shortDescription.text).toBe('migration-gate: down-mismatch');
    expect(downMismatch.fullDescription.text).toMatch(/^the down leaves something the up added/);
    expect(downMismatch.help.text).toBe(downMismatch.fullDescription.text);
    const levels = Object.fromEntries(
      ['down-mismatch', 'drift', 'column-order', 'frozen-default', 'missing-migration', 'equivalent'].map((id) => [
        id,
        rules.get(id)!.defaultConfiguration.level,
      ]),
    );
    expect(levels).toEqual({
      'down-mismatch': 'error',
      drift: 'error',
      'column-order': 'warning',
      'frozen-default': 'warning',
      'missing-migration': 'warning',
      equivalent: 'note',
    });
  });

  it('makes one result per finding, placed on its file and line relative to the root', () => {
    const results = resultsOf(aResult());
    expect(results.map((result) => [result.ruleId, result.ruleIndex, result.level])).toEqual([
      ['down-mismatch', FINDING_KINDS.indexOf('down-mismatch'), 'error'],
      ['name-only', FINDING_KINDS.indexOf('name-only'), 'warning'],
      ['drift', FINDING_KINDS.indexOf('drift'), 'error'],
      ['irreversible', FINDING_KINDS.indexOf('irreversible'), 'error'],
    ]);
    expect(results[0]!.message.text).toBe('down of 002-add-token.js does not restore the schema');
    expect(results[0]!.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'migrations/002-add-token.js', uriBaseId: '%SRCROOT%' },
          region: { startLine: 12 },
        },
      },
    ]);
    expect(results[2]!.locations![0]!.physicalLocation.region).toEqual({ startLine: 7 });
  });

  it('gives a finding without a line no region, and one without a file no location', () => {
    const [withoutLine, withoutFile] = resultsOf(
      aResult({
        findings: [aFinding({ line: null }), aFinding({ file: null, line: null, kind: 'snapshot-fallback' })],
      }),
    );
    expect(withoutLine!.locations).toEqual([
      { physicalLocation: { artifactLocation: { uri: 'migrations/002-add-token.js', uriBaseId: '%SRCROOT%' } } },
    ]);
    expect(withoutFile).not.toHaveProperty('locations');
  });

  it('drops a line SARIF cannot take (0) rather than write an invalid log', () => {
    const [result] = resultsOf(aResult({ findings: [aFinding({ line: 0 })] }));
    expect(result!.locations![0]!.physicalLocation).not.toHaveProperty('region');
  });

  it('makes paths relative to the root even from a subfolder project, encoded, with forward slashes', () => {
    const project = `${CWD}/app`;
    const [inSubfolder, withSpace] = resultsOf(
      aResult({
        cwd: project,
        findings: [aFinding({ file: `${project}/models/user.js` }), aFinding({ file: `${project}/db/add #2.js` })],
      }),
    );
    expect(inSubfolder!.locations![0]!.physicalLocation.artifactLocation.uri).toBe('app/models/user.js');
    expect(withSpace!.locations![0]!.physicalLocation.artifactLocation.uri).toBe('app/db/add%20%232.js');
  });

  it('writes a file outside the root as an absolute file URI, not a ../ path', () => {
    const [result] = resultsOf(aResult({ findings: [aFinding({ file: '/elsewhere/models/user.js' })] }));
    expect(result!.locations![0]!.physicalLocation.artifactLocation).toEqual({
      uri: 'file:///elsewhere/models/user.js',
    });
  });

  it('maps error, warning and notice to error, warning and note, and appends the hint to the message', () => {
    const results = resultsOf(
      aResult({
        findings: [
          aFinding({ severity: 'error' }),
          aFinding({ severity: 'warning' }),
          aFinding({ severity: 'notice', hint: 'fix it' }),
        ],
      }),
    );
    expect(results.map((result) => result.level)).toEqual(['error', 'warning', 'note']);
    expect(results[2]!.message.text).toBe('something went wrong — hint: fix it');
  });

  it('fingerprints a finding by kind, table, object and migration, not by line or wording', () => {
    const drift = { kind: 'drift' as const, table: 'user', column: 'api_token', differences: [typeChange] };
    const before = resultsOf(aResult({ findings: [aFinding({ ...drift, line: 7, message: 'type differs' })] }))[0]!;
    const after = resultsOf(aResult({ findings: [aFinding({ ...drift, line: 9, message: 'the type differs' })] }))[0]!;
    const otherTable = resultsOf(aResult({ findings: [aFinding({ ...drift, table: 'org' })] }))[0]!;
    expect(fingerprintOf(before)).toMatch(/^[0-9a-f]{64}:1$/);
    expect(fingerprintOf(after)).toBe(fingerprintOf(before));
    expect(fingerprintOf(otherTable)).not.toBe(fingerprintOf(before));
  });

  it('numbers findings that share a fingerprint, so code scanning keeps them apart', () => {
    const [first, second] = resultsOf(aResult({ findings: [aFinding({ line: 1 }), aFinding({ line: 2 })] }));
    const [hash] = fingerprintOf(first!)!.split(':');
    expect([fingerprintOf(first!), fingerprintOf(second!)]).toEqual([`${hash}:1`, `${hash}:2`]);
  });

  it('keeps accepted findings, suppressed with the reason: ignored, waived or in the baseline', () => {
    const results = resultsOf(
      aResult({
        findings: [
          aFinding({ severity: 'notice', message: 'm (ignored: legacy table)', ignored: 'legacy table' }),
          aFinding({ severity: 'notice', message: 'm (known: in baseline.json)', known: true }),
          aFinding(),
        ],
        baseline: { label: 'baseline.json', known: 1, fixed: [] },
      }),
    );
    expect(results.map((result) => result.suppressions)).toEqual([
      [{ kind: 'external', justification: 'accepted in the config file: legacy table' }],
      [{ kind: 'external', justification: 'known: in baseline.json' }],
      undefined,
    ]);
    expect(results[0]!.level).toBe('note');
  });

  it('writes a run without findings: every rule, no result', () => {
    const { run } = sarif(aResult({ verdict: 'pass', findings: [] }));
    expect(run.results).toEqual([]);
    expect(run.tool.driver.rules).toHaveLength(FINDING_KINDS.length);
  });

  it('reports each coverage gap as an error notification, so an incomplete check does not look clean', () => {
    const result = aResult({ verdict: 'fail', findings: [] });
    result.coverage = {
      ...result.coverage,
      gaps: ['the down pass did not run 2 migration(s)', 'the model was not compared'],
    };
    const [invocation] = sarif(result).run.invocations;
    expect(invocation).toEqual({
      executionSuccessful: true,
      toolExecutionNotifications: [
        {
          level: 'error',
          message: {
            text: 'Not checked: the down pass did not run 2 migration(s). A check that did not check everything does not pass.',
          },
        },
        {
          level: 'error',
          message: {
            text: 'Not checked: the model was not compared. A check that did not check everything does not pass.',
          },
        },
      ],
    });
  });
});
