import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConfigError } from '../errors.js';

const run = promisify(execFile);

/** Every problem with the base is one with the `base` option (`--base` to the CLI). */
const BASE = { option: 'base' } as const;

/** The base commit's tree, written to a temporary directory, and where the project lies in it. */
export interface BaseTree extends AsyncDisposable {
  /** The ref as given, and the commit it resolved to. */
  ref: string;
  sha: string;
  /** The project directory inside the base tree: the same path relative to the repository root. */
  projectDir: string;
  /** The repository root of the working tree. */
  root: string;
}

async function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout } = await run('git', args, {
    cwd,
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return stdout.trim();
}

/**
 * Resolves `ref` to a commit of the repository that holds `cwd`, fetching it from origin when the
 * checkout is shallow or does not have it (actions/checkout fetches one commit by default).
 */
export async function resolveBase(cwd: string, ref: string): Promise<{ root: string; sha: string }> {
  // git would take a leading dash as an option (`--upload-pack=…`)
  if (ref.startsWith('-')) throw new ConfigError((name) => `${name.base} ${ref} is not a git ref`, BASE);
  let root: string;
  try {
    root = await git(cwd, ['rev-parse', '--show-toplevel']);
  } catch {
    throw new ConfigError((name) => `${name.base} needs a git repository: ${cwd} is not in one`, BASE);
  }
  const verify = () => git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => null);
  let sha = await verify();
  if (!sha) {
    // A shallow clone has only the head commit: fetch the base as well, at depth 1.
    const fetched = await git(root, ['fetch', '--no-tags', '--depth=1', 'origin', ref]).then(
      () => true,
      () => false,
    );
    // A branch fetched by name is only in FETCH_HEAD; after a failed fetch FETCH_HEAD is some earlier one.
    const head = () => git(root, ['rev-parse', '--verify', '--quiet', 'FETCH_HEAD^{commit}']).catch(() => null);
    sha = (await verify()) ?? (fetched ? await head() : null);
  }
  if (!sha)
    throw new ConfigError(
      (name) =>
        `${name.base} ${ref} is not a commit of ${root}, and fetching it from origin failed: fetch it first (actions/checkout with fetch-depth: 0)`,
      BASE,
    );
  return { root, sha };
}

/**
 * Writes the base commit's tree to a temporary directory without touching the working tree or its
 * index, and links the working tree's node_modules into it, so that the base's migrations load the
 * same packages the pull request's do.
 */
export async function checkoutBase(cwd: string, ref: string): Promise<BaseTree> {
  const { root, sha } = await resolveBase(cwd, ref);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'migration-gate-base-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    const index = { GIT_INDEX_FILE: path.join(dir, '.index') };
    await git(root, ['read-tree', sha], index);
    await git(root, ['checkout-index', '--all', `--prefix=${dir}/tree/`], index);
    const tree = path.join(dir, 'tree');
    const relative = path.relative(root, path.resolve(cwd));
    await linkNodeModules(root, tree, relative);
    return {
      ref,
      sha,
      root,
      projectDir: path.join(tree, relative),
      [Symbol.asyncDispose]: dispose,
    };
  } catch (error) {
    await dispose();
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      (name) => `${name.base} ${ref}: cannot write the base commit's files: ${(error as Error).message}`,
      BASE,
    );
  }
}

/** Links each node_modules from the repository root down to the project directory into the base tree. */
async function linkNodeModules(root: string, tree: string, relative: string): Promise<void> {
  const parts = relative === '' ? [] : relative.split(path.sep);
  for (let depth = 0; depth <= parts.length; depth++) {
    const sub = parts.slice(0, depth);
    const source = path.join(root, ...sub, 'node_modules');
    const target = path.join(tree, ...sub, 'node_modules');
    if (!existsSync(source) || existsSync(target)) continue;
    await mkdir(path.dirname(target), { recursive: true });
    await symlink(source, target, 'dir');
  }
}
