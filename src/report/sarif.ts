import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fingerprint } from '../findings/baseline.js';
import { kindHint } from '../findings/hints.js';
import { engineTag } from './engines.js';
import { FINDING_KINDS, type Finding, type FindingKind, type Severity } from '../findings/types.js';
import type { CheckResult } from '../result.js';
import { VERSION } from '../version.js';

/** SARIF 2.1.0 as GitHub code scanning (`github/codeql-action/upload-sarif`) reads it: only what the gate writes. */
type Level = 'error' | 'warning' | 'note';

interface Message {
  text: string;
}

interface Rule {
  id: FindingKind;
  shortDescription: Message;
  fullDescription: Message;
  help: Message;
  defaultConfiguration: { level: Level };
}

interface Location {
  physicalLocation: {
    artifactLocation: { uri: string; uriBaseId?: string };
    region?: { startLine: number };
  };
}

interface Result {
  ruleId: FindingKind;
  ruleIndex: number;
  level: Level;
  message: Message;
  locations?: Location[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: 'external'; justification: string }[];
}

interface Invocation {
  executionSuccessful: boolean;
  toolExecutionNotifications?: { level: Level; message: Message }[];
}

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/migration-gate/migration-gate';
const SRCROOT = '%SRCROOT%';
/** Versioned so that a change of what identifies a finding can start a new key instead of reopening every alert. */
const FINGERPRINT_KEY = 'migrationGate/v1';

const LEVELS: Record<Severity, Level> = { error: 'error', warning: 'warning', notice: 'note' };

/**
 * The severity each kind is made with when the config file sets none (findings/make.ts, history.ts,
 * live.ts), for the rules' default level. Kinds made with more than one take the usual one: drift is a
 * warning for the comment aspect only, name-only and column-order are errors only with the strict options,
 * edited-migration is a warning for whitespace-only edits, out-of-order a warning against a live database.
 * Every result carries its own level, so this never decides how a finding is shown.
 */
const DEFAULT_SEVERITY: Record<FindingKind, Severity> = {
  'load-error': 'error',
  duplicate: 'error',
  'migration-error': 'error',
  irreversible: 'error',
  'down-mismatch': 'error',
  'reup-mismatch': 'error',
  drift: 'error',
  'model-error': 'error',
  'name-only': 'warning',
  'column-order': 'warning',
  unchecked: 'warning',
  'edited-migration': 'error',
  'deleted-migration': 'error',
  'renamed-migration': 'error',
  'out-of-order': 'error',
  'upgrade-error': 'error',
  'upgrade-mismatch': 'error',
  'data-loss': 'error',
  'frozen-default': 'warning',
  equivalent: 'notice',
  'swallowed-error': 'warning',
  'snapshot-fallback': 'warning',
  'live-drift': 'error',
  'half-applied': 'error',
  'live-position': 'error',
  'missing-migration': 'warning',
  'table-copy': 'warning',
  'write-lock': 'warning',
  rebuild: 'warning',
  destructive: 'warning',
  'breaking-change': 'error',
  'not-probed': 'notice',
};

/**
 * The SARIF 2.1.0 log of a check, for GitHub code scanning: one rule per finding kind, one result per
 * finding, with paths relative to `root` (the repository root in the action, the project in the CLI).
 */
export function renderSarif(result: CheckResult, root: string): string {
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'migration-gate', version: VERSION, informationUri: INFORMATION_URI, rules: rules() },
        },
        // lets a local SARIF viewer open the files; code scanning resolves %SRCROOT% to the repository itself
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(root) } },
        invocations: [invocation(result)],
        results: sarifResults(result, root),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function rules(): Rule[] {
  return FINDING_KINDS.map((kind) => ({
    id: kind,
    // the same title the annotations carry, so an alert and its annotation read alike
    shortDescription: { text: `migration-gate: ${kind}` },
    fullDescription: { text: kindHint(kind) },
    help: { text: kindHint(kind) },
    defaultConfiguration: { level: LEVELS[DEFAULT_SEVERITY[kind]] },
  }));
}

/**
 * Gaps go in as error notifications: code scanning shows no alert for them, and a check that did not
 * check everything must not look clean on the tool status page either.
 */
function invocation(result: CheckResult): Invocation {
  const gaps = result.coverage.gaps.map((gap) => ({
    level: 'error' as const,
    message: { text: `Not checked: ${gap}. A check that did not check everything does not pass.` },
  }));
  return gaps.length > 0
    ? { executionSuccessful: true, toolExecutionNotifications: gaps }
    : { executionSuccessful: true };
}

function sarifResults(result: CheckResult, root: string): Result[] {
  const fingerprints = occurrenceFingerprints(result.findings);
  return result.findings.map((finding, i) => ({
    ruleId: finding.kind,
    ruleIndex: FINDING_KINDS.indexOf(finding.kind),
    level: LEVELS[finding.severity],
    message: { text: messageOf(finding, engineTag(finding, result)) },
    ...locations(finding, root),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprints[i]! },
    ...suppressions(finding, result),
  }));
}

function messageOf(finding: Finding, only: string | null): string {
  const message = only ? `${finding.message} (${only})` : finding.message;
  return finding.hint ? `${message} — hint: ${finding.hint}` : message;
}

/**
 * The baseline's fingerprint, hashed, so that an alert follows a finding across commits whatever its line
 * or wording. Findings that share one (the baseline counts them) get `:1`, `:2`… in order, as CodeQL's
 * own fingerprints do, so that code scanning keeps them as separate alerts instead of merging them.
 */
function occurrenceFingerprints(findings: Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const hash = fingerprintHash(finding);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return `${hash}:${occurrence}`;
  });
}

function fingerprintHash(finding: Finding): string {
  const print = fingerprint(finding);
  // an array, not the object, so that reordering Fingerprint's fields does not reopen every alert
  const key = JSON.stringify([print.kind, print.table, print.object, print.migration]);
  return createHash('sha256').update(key).digest('hex');
}

function locations(finding: Finding, root: string): Pick<Result, 'locations'> {
  if (finding.file === null) return {};
  // SARIF lines start at 1: a line 0 would make the whole log invalid, so such a finding keeps only its file
  const region = finding.line !== null && finding.line >= 1 ? { region: { startLine: finding.line } } : {};
  return { locations: [{ physicalLocation: { artifactLocation: artifactLocation(finding.file, root), ...region } }] };
}

/**
 * A file under root relative to %SRCROOT%, with forward slashes and percent-encoded; one outside it (a
 * model in a sibling folder) as an absolute file URI, which is valid SARIF where a `../` path is not
 * something code scanning can place in the repository.
 */
function artifactLocation(file: string, root: string): { uri: string; uriBaseId?: string } {
  const relative = path.relative(root, file);
  const outside = relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`);
  if (outside || path.isAbsolute(relative)) return { uri: pathToFileURL(path.resolve(file)).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** SARIF wants a base URI to end with a slash, or relative URIs resolve against its parent. */
function directoryUri(root: string): string {
  const href = pathToFileURL(path.resolve(root)).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/**
 * Findings the project accepted stay in the log, suppressed, so code scanning closes their alerts instead
 * of losing track of them; `external` because the acceptance is in the config file or the baseline.
 */
function suppressions(finding: Finding, result: CheckResult): Pick<Result, 'suppressions'> {
  const justification =
    finding.ignored !== undefined
      ? `accepted in the config file: ${finding.ignored}`
      : finding.known
        ? `known: in ${result.baseline?.label ?? 'the baseline'}`
        : null;
  return justification === null ? {} : { suppressions: [{ kind: 'external', justification }] };
}
