import { createRequire as __createRequire } from 'node:module'; import { fileURLToPath as __fileURLToPath } from 'node:url'; const require = __createRequire(import.meta.url); const __filename = __fileURLToPath(import.meta.url); const __dirname = __fileURLToPath(new URL('.', import.meta.url));
import {
  EXIT,
  check,
  loadConfig,
  parseConfig
} from "./chunk-PRY3QXVE.js";
import {
  ConfigError,
  InfraError
} from "./chunk-ALM27OAK.js";
import "./chunk-QDXCKMXP.js";
import "./chunk-YCCGVQQZ.js";

// src/lib.ts
function defineConfig(config) {
  return config;
}
async function check2(options = {}) {
  const { cwd, config: configFile, ...content } = options;
  return check(await loadConfig({ cwd }, configFile ?? null, parseConfig(content, "check() options")));
}
export {
  ConfigError,
  EXIT,
  InfraError,
  check2 as check,
  defineConfig
};
