import path from 'node:path';
import type { Listed } from './listed.js';

/**
 * Lists an Alembic project's revisions, parents first, from its script directory (no database: the
 * revision files are read, env.py is not run), with where each one's upgrade() and downgrade() start.
 * Run by the Python that runs the `alembic` on PATH, whose packages it imports.
 */
export const LIST_REVISIONS = `
import json, os, sys
from alembic.config import Config
from alembic.script import ScriptDirectory

def line(module, name):
    function = getattr(module, name, None)
    code = getattr(function, "__code__", None)
    return code.co_firstlineno if code is not None else None

def parents(down):
    if down is None:
        return []
    return [down] if isinstance(down, str) else list(down)

config = Config(sys.argv[1])
# Flask-Migrate's alembic.ini names no script directory: it is the one the file is in
if not config.get_main_option("script_location"):
    config.set_main_option("script_location", os.path.dirname(os.path.abspath(sys.argv[1])))
script = ScriptDirectory.from_config(config)
revisions = [
    {
        "name": revision.revision,
        "file": revision.path,
        "parents": parents(revision.down_revision),
        "upLine": line(revision.module, "upgrade"),
        "downLine": line(revision.module, "downgrade"),
    }
    for revision in reversed(list(script.walk_revisions("base", "heads")))
]
print("\\n" + json.dumps(revisions))
`;

/** The revisions LIST_REVISIONS printed (its last line: what env or the revisions print comes before). */
export function parseRevisions(stdout: string): Listed[] | null {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  try {
    const parsed = JSON.parse(last) as unknown;
    return Array.isArray(parsed) ? (parsed as Listed[]) : null;
  } catch {
    return null;
  }
}

/**
 * Alembic's entry point and arguments for one step. Up: to the revision. Down: the revision alone,
 * `<rev>@-1`, one step back on its own branch (`downgrade <down_revision>` would also revert another
 * branch's revisions applied since, which are not that ancestor's), and a merge revision
 * `<merge>@<first down_revision>`, which keeps the other parents and their other children (measured with
 * Alembic 1.8: `<merge>@-1` is an ambiguous walk, and `downgrade <first down_revision>` reverts that
 * parent's other children too). In the down pass the revision is always a head: what follows it was
 * reverted first. A Flask-Migrate project's env.py needs the app: `flask db` loads it.
 */
export function alembicStep(
  layout: { ini: string; flask: boolean },
  step: Listed,
  direction: 'upgrade' | 'downgrade',
): { module: 'alembic' | 'flask'; args: string[] } {
  const merge = (step.parents?.length ?? 0) > 1;
  const target = direction === 'upgrade' ? step.name : `${step.name}@${merge ? step.parents![0]! : '-1'}`;
  return layout.flask
    ? { module: 'flask', args: ['db', direction, '-d', path.dirname(layout.ini), target] }
    : { module: 'alembic', args: ['-c', layout.ini, direction, target] };
}
