import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/types.js';
import type { Server } from '../database/server.js';
import { ConfigError } from '../errors.js';
import type { BaseModel } from '../findings/safety.js';
import type { BaseTree } from '../history/git.js';
import { hostSetup, ProjectHost } from '../project/host.js';
import type { Schema } from '../schema/types.js';
import type { AppliedModel } from './types.js';
import { hasModel, readModel, type ModelComparison } from './compare.js';
import { locateMember } from './locate.js';

/**
 * The base commit's model, as the app still deployed during the rollout maps the schema: its own code,
 * loaded from the base tree in a host of its own. Null when no model is given; why not, when the base's
 * cannot be read.
 */
export async function readBaseModel(input: {
  config: Config;
  tree: BaseTree;
  server: Server;
  snapshotOf: (schema: string) => Promise<Schema>;
  /** The working tree's model, already applied: the base's when its files are the same. */
  head: ModelComparison | null;
  /** The --env variables, for a --model-command run in the base's tree. */
  env: Record<string, string>;
}): Promise<BaseModel | string | null> {
  const { config, tree, head } = input;
  if (!hasModel(config)) return null;
  const base = { ...config, cwd: tree.projectDir };
  // null: --model-command, run in the base's tree
  const modelPath = config.model === null ? null : path.resolve(tree.projectDir, config.model);
  if (head && modelPath !== null && (await sameFiles(path.resolve(config.cwd, config.model!), modelPath)))
    return baseModelOf(head.applied, head.expected, tree.sha, config.cwd);
  // Sequelize models load in a host of their own; a command's DDL needs none
  await using host = modelPath === null ? null : new ProjectHost(hostSetup(base), base.stepTimeoutMs);
  try {
    await host?.prepare();
    await host?.connect(input.server, {});
    const { schema, applied } = await readModel(
      {
        server: input.server,
        applyModels: (name, model) => host!.applyModels(name, model),
        config: base,
        env: input.env,
        snapshotOf: input.snapshotOf,
      },
      modelPath,
    );
    return baseModelOf(applied, schema, tree.sha, tree.projectDir);
  } catch (error) {
    // a model the base does not have, or cannot load: say so, the other checks stand
    if (error instanceof ConfigError)
      return `Breaking changes were not checked: the base commit's model could not be read (${error.message}).`;
    throw error;
  }
}

/** Where the model maps each table and column, named as the working tree names files (`models/user.ts:14`). */
function baseModelOf(applied: AppliedModel, schema: Schema, sha: string, root: string): BaseModel {
  const where: Record<string, string> = {};
  for (const table of Object.values(schema.tables)) {
    const source = applied.sources[table.name];
    if (!source) continue;
    const at = (line: number | null) => `${path.relative(root, source.file)}${line ? `:${line}` : ''}`;
    where[table.name] = at(source.line);
    for (const { name } of table.columns)
      where[`${table.name}.${name}`] = at(
        locateMember(source.text, [source.attributes[name] ?? name, name], source.line),
      );
  }
  return { sha: sha.slice(0, 7), schema, where };
}

/** Whether two model paths (a file, or a directory of them) hold the same files, byte for byte. */
async function sameFiles(a: string, b: string): Promise<boolean> {
  const contents = async (root: string) => {
    const info = await stat(root).catch(() => null);
    if (!info) return null;
    const files = info.isDirectory()
      ? (await readdir(root, { recursive: true, withFileTypes: true }))
          .filter((entry) => entry.isFile())
          .map((entry) => path.join(entry.parentPath, entry.name))
      : [root];
    return new Map(
      await Promise.all(files.map(async (file) => [path.relative(root, file), await readFile(file, 'utf8')] as const)),
    );
  };
  const [left, right] = await Promise.all([contents(a), contents(b)]);
  if (!left || !right || left.size !== right.size) return false;
  return [...left].every(([file, text]) => right.get(file) === text);
}
