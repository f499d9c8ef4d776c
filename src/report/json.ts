import path from 'node:path';
import type { CheckResult, EngineResult } from '../result.js';

/** The machine-readable report: the whole result, with file paths relative to the project. */
export function renderJson(result: CheckResult): string {
  const relative = (file: string | null) => (file === null ? null : path.relative(result.cwd, file) || file);
  const own = (part: Pick<EngineResult, 'steps' | 'history'>) => ({
    steps: part.steps.map((step) => ({ ...step, file: relative(step.file) })),
    history: part.history && {
      ...part.history,
      history: part.history.history && {
        ...part.history.history,
        changes: part.history.history.changes.map((change) => ({ ...change, file: relative(change.file) })),
      },
      data: part.history.data && { ...part.history.data, seed: relative(part.history.data.seed) },
    },
  });
  return JSON.stringify(
    {
      ...result,
      // the schema itself is what `migration-gate snapshot` writes
      schema: undefined,
      ...own(result),
      findings: result.findings.map((finding) => ({ ...finding, file: relative(finding.file) })),
      model: result.model && { ...result.model, files: result.model.files.map((file) => relative(file)) },
      // each engine's own part, flat; its findings are the ones above that name its image
      engines: result.engines?.map(({ result: part, ...engine }) => ({ ...engine, ...part, ...own(part) })) ?? null,
    },
    null,
    2,
  );
}
