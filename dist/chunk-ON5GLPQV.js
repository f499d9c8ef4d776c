import { createRequire as __createRequire } from 'node:module'; import { fileURLToPath as __fileURLToPath } from 'node:url'; const require = __createRequire(import.meta.url); const __filename = __fileURLToPath(import.meta.url); const __dirname = __fileURLToPath(new URL('.', import.meta.url));
import {
  summarise
} from "./chunk-FYMIQEBX.js";

// src/report/json.ts
import path from "node:path";
function renderJson(result) {
  const relative = (file) => file === null ? null : path.relative(result.cwd, file) || file;
  return JSON.stringify(
    {
      ...result,
      // the schema itself is what `migration-gate snapshot` writes
      schema: void 0,
      steps: result.steps.map((step) => ({ ...step, file: relative(step.file) })),
      findings: result.findings.map((finding) => ({ ...finding, file: relative(finding.file) })),
      history: result.history && {
        ...result.history,
        history: result.history.history && {
          ...result.history.history,
          changes: result.history.history.changes.map((change) => ({ ...change, file: relative(change.file) }))
        },
        data: result.history.data && { ...result.history.data, seed: relative(result.history.data.seed) }
      },
      model: result.model && { ...result.model, files: result.model.files.map((file) => relative(file)) }
    },
    null,
    2
  );
}

// src/report/format.ts
function seconds(ms) {
  return `${(ms / 1e3).toFixed(ms < 1e4 ? 2 : 1)} s`;
}
function stepMs(step) {
  return [step.up.ms, step.down.ms, step.reup.ms].reduce((sum, ms) => sum + (ms ?? 0), 0);
}
function countOf(findings, severity) {
  return findings.filter((finding) => finding.severity === severity).length;
}
function sideLabel(finding, side) {
  return finding.sides?.[side] ?? side;
}
function sideValue(value) {
  return value === null || value === void 0 ? "(absent)" : summarise(value);
}

// src/report/history.ts
import path2 from "node:path";
function historyLines(result) {
  const lines = [];
  if (result.baseline) {
    const { label, known, fixed } = result.baseline;
    lines.push(
      `Baseline ${label}: ${known} known finding(s) reported as notices, ${fixed.length} fixed${fixed.length > 0 ? ` (${fixed.map((entry) => `${entry.kind} ${[entry.table, entry.object].filter(Boolean).join(".")}`).join(", ")})` : ""}.`
    );
  }
  const report = result.history;
  if (!report) return lines;
  if (report.base && report.history) {
    const { changes, added, released } = report.history;
    const changed = changes.length > 0 ? changes.map(describeChange).join("; ") : "no released migration changed";
    lines.push(
      `Since ${baseLabel(report.base)}: ${released.length} released migration(s), ${added.length} new; ${changed}.`
    );
  }
  if (report.upgrade) {
    const upgraded = result.findings.some((finding) => finding.kind === "upgrade-mismatch");
    const verdict = report.upgrade.failed ? "a step failed" : upgraded ? "differs from a fresh database" : "matches a fresh database";
    lines.push(
      `Upgrade path: the base's ${report.upgrade.released} migration(s), then ${report.upgrade.added} new, in ${seconds(report.upgrade.ms)}: ${verdict}.`
    );
  }
  if (report.data) {
    const seed = path2.relative(result.cwd, report.data.seed);
    const where = report.data.after ? `after ${report.data.after}` : "before the first migration";
    const tables = report.data.tables.map(({ table, seeded, final }) => `${table} ${seeded} \u2192 ${final === null ? "dropped" : final}`).join(", ");
    const lost = report.data.losses.length;
    const verdict = report.data.steps === 0 ? "no migration runs after it, so nothing was checked" : lost === 0 ? `every seeded row and value survived ${report.data.steps} migration(s)` : `${lost} loss(es) in ${report.data.steps} migration(s)`;
    lines.push(`Seed ${seed} ${where}: rows ${tables}; ${verdict}.`);
  }
  return lines;
}
function describeChange(change) {
  switch (change.kind) {
    case "edited":
      return `${change.name} edited (+${change.added} \u2212${change.removed}${change.whitespaceOnly ? ", whitespace only" : ""})`;
    case "deleted":
      return `${change.name} deleted`;
    case "renamed":
      return `${change.from} renamed to ${change.name}`;
    case "back-dated":
      return `${change.name} sorts before released ${change.newest}`;
  }
}
function baseLabel(base) {
  const short = base.sha.slice(0, 7);
  const isSha = /^[0-9a-f]{7,40}$/i.test(base.ref) && base.sha.startsWith(base.ref.toLowerCase());
  return isSha ? short : `${base.ref} (${short})`;
}

export {
  renderJson,
  seconds,
  stepMs,
  countOf,
  sideLabel,
  sideValue,
  historyLines
};
