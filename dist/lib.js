import { createRequire as __createRequire } from 'node:module'; import { fileURLToPath as __fileURLToPath } from 'node:url'; const require = __createRequire(import.meta.url); const __filename = __fileURLToPath(import.meta.url); const __dirname = __fileURLToPath(new URL('.', import.meta.url));
import {
  EXIT,
  check,
  loadConfig,
  parseConfig
} from "./chunk-KRQJMFZ7.js";
import {
  ConfigError,
  InfraError
} from "./chunk-BDHGM46O.js";
import "./chunk-CTX5EYXB.js";

// src/lib.ts
function defineConfig(config) {
  return config;
}
async function check2(options = {}) {
  const { cwd, config: configFile, ...content } = options;
  const given = parseConfig(content, "check() options");
  const config = await loadConfig({ ...given.options, cwd }, configFile ?? null);
  return check({
    ...config,
    sequelize: { ...config.sequelize, ...given.sequelize },
    severity: { ...config.severity, ...given.severity },
    ignore: [...config.ignore, ...given.ignore],
    irreversible: [...config.irreversible, ...given.irreversible]
  });
}
export {
  ConfigError,
  EXIT,
  InfraError,
  check2 as check,
  defineConfig
};
