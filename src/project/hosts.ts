import type { ChainTool } from '../chain/tool.js';
import type { Chain } from '../chain/types.js';
import type { Config } from '../config/types.js';
import type { Server } from '../database/server.js';
import type { AppliedModel } from '../model/types.js';
import type { ReplaySession } from '../replay/types.js';
import { hostSetup, ProjectHost } from './host.js';
import type { LateFailure } from './protocol.js';
import { ToolHost } from './tool-host.js';

/** Where the project's steps run, as the stages of a check use it: the umzug worker, or a tool's commands. */
export interface ChainHost extends AsyncDisposable {
  /** Settles what the project needs before a server starts; a project that cannot load fails here. */
  prepare(): Promise<void>;
  connect(server: Server, variables: Record<string, string>): Promise<void>;
  loadChain(paths: string[], projectDir: string): Promise<Chain>;
  openSession(schema: string): Promise<ReplaySession>;
  applyModels(schema: string, modelPath: string): Promise<AppliedModel>;
  compiler(): Promise<string | null>;
  lateFailures(): LateFailure[];
  loadOutput(): string;
}

/** The host of `config`'s runner; `tool` finds and names its chain (shared by the hosts of one check). */
export function hostFor(config: Config, tool: ChainTool): ChainHost {
  return config.tool.kind === 'umzug'
    ? new ProjectHost(hostSetup(config), config.stepTimeoutMs)
    : new ToolHost(config, tool);
}
