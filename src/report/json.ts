import path from 'node:path';
import type { CheckResult } from '../result.js';

/** The machine-readable report: the whole result, with file paths relative to the project. */
export function renderJson(result: CheckResult): string {
  const relative = (file: string | null) => (file === null ? null : path.relative(result.cwd, file) || file);
  return JSON.stringify(
    {
      ...result,
      // the schema itself is what `migration-gate snapshot` writes
      schema: undefined,
      steps: result.steps.map((step) => ({ ...step, file: relative(step.file) })),
      findings: result.findings.map((finding) => ({ ...finding, file: relative(finding.file) })),
      history: result.history && {
        ...result.history,
        history: result.history.history && {
          ...result.history.history,
          changes: result.history.history.changes.map((change) => ({ ...change, file: relative(change.file) })),
        },
        data: result.history.data && { ...result.history.data, seed: relative(result.history.data.seed) },
      },
      model: result.model && { ...result.model, files: result.model.files.map((file) => relative(file)) },
      // each engine's own verdict, chain and times; its findings are the ones above that name its image
      engines:
        result.engines?.map(({ result: own, ...engine }) => ({
          ...engine,
          server: own.server,
          steps: own.steps.map((step) => ({ ...step, file: relative(step.file) })),
          coverage: own.coverage,
          notes: own.notes,
          timings: own.timings,
          snapshots: own.snapshots,
        })) ?? null,
    },
    null,
    2,
  );
}
