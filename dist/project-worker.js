import { createRequire as __createRequire } from 'node:module'; import { fileURLToPath as __fileURLToPath } from 'node:url'; const require = __createRequire(import.meta.url); const __filename = __fileURLToPath(import.meta.url); const __dirname = __fileURLToPath(new URL('.', import.meta.url));
import {
  ConfigError,
  OUTPUT_LIMIT,
  asData,
  connect,
  describeFailure,
  importModule,
  isStep,
  lineOf,
  loadChain,
  locateTable,
  messageOf,
  originOf,
  projectLoader,
  require_mysql2,
  runningQueries,
  serverErrorOf,
  spellWithMarkers
} from "./chunk-ALM27OAK.js";
import {
  __toESM
} from "./chunk-YCCGVQQZ.js";

// src/project/worker.ts
import { parentPort, workerData } from "node:worker_threads";

// src/database/sequelize.ts
var import_mysql2 = __toESM(require_mysql2(), 1);
import { createRequire } from "node:module";
import path from "node:path";
function projectSequelize(cwd) {
  return optionalRequire(cwd, "sequelize");
}
function preloadSequelize(cwd) {
  const library = projectSequelize(cwd);
  if (library) sequelizeClass(library, cwd);
}
function sequelizeClass(library, cwd) {
  const typescript = optionalRequire(cwd, "sequelize-typescript");
  if (!typescript) return library.Sequelize;
  optionalRequire(cwd, "reflect-metadata");
  return typescript.Sequelize;
}
function optionalRequire(cwd, name) {
  try {
    return createRequire(path.join(cwd, "package.json"))(name);
  } catch (error) {
    if (error.code === "MODULE_NOT_FOUND") return null;
    throw error;
  }
}
function openSequelize(library, credentials2, schema, options) {
  const Sequelize = sequelizeClass(library, options.cwd);
  return new Sequelize(schema, credentials2.user, credentials2.password, {
    ...options.project,
    host: credentials2.host,
    port: credentials2.port,
    dialect: "mysql",
    dialectModule: import_mysql2.default,
    logging: options.log ? (sql) => options.log(sql.replace(/^Executing \([^)]*\): /, "")) : false,
    pool: { max: 5, min: 0, idle: 1e3 },
    hooks: options.foreignKeyChecks ? {} : {
      afterConnect: async (connection) => {
        await connection.promise?.().query("SET FOREIGN_KEY_CHECKS = 0");
      }
    }
  });
}

// src/model/sequelize.ts
import { readdir, readFile } from "node:fs/promises";
import path2 from "node:path";
var MODEL_FILE = /\.(c|m)?(j|t)s$/;
var NOT_A_MODEL = /(^index\.|^\.|\.d\.(c|m)?ts$|\.(test|spec)\.)/;
async function applySequelizeModels(credentials2, schema, modelPath, cwd, project = {}) {
  const library = projectSequelize(cwd);
  if (!library)
    throw new ConfigError(
      (name) => `${name.model} ${modelPath} holds Sequelize models, but sequelize is not installed in ${cwd}`,
      { option: "model", file: modelPath }
    );
  const files = await modelFiles(modelPath);
  const sequelize = openSequelize(library, credentials2, schema, { foreignKeyChecks: false, cwd, project });
  const failures = [];
  const definedIn = /* @__PURE__ */ new Map();
  const decorated = [];
  try {
    for (const file of files) {
      const before = new Set(Object.keys(sequelize.models));
      try {
        for (const model of await defineFrom(file, sequelize, library, cwd)) {
          decorated.push(model);
          definedIn.set(model.name, file);
        }
      } catch (error) {
        failures.push({ file, line: lineOf(error, file), table: null, message: messageOf(error) });
      }
      for (const name of Object.keys(sequelize.models)) if (!before.has(name)) definedIn.set(name, file);
    }
    if (decorated.length > 0) addDecorated(sequelize, decorated, definedIn, failures);
    const models = Object.values(sequelize.models);
    for (const model of models) {
      try {
        model.associate?.(sequelize.models);
      } catch (error) {
        const file = definedIn.get(model.name) ?? modelPath;
        failures.push({
          file,
          line: lineOf(error, file),
          table: tableName(model),
          message: `associate(): ${messageOf(error)}`
        });
      }
    }
    for (const model of parentsFirst(Object.values(sequelize.models))) {
      try {
        await model.sync();
      } catch (error) {
        const file = definedIn.get(model.name) ?? modelPath;
        failures.push({ file, line: null, table: tableName(model), message: messageOf(error) });
      }
    }
    return {
      kind: "sequelize",
      files,
      failures,
      sources: await sourcesOf(Object.values(sequelize.models), definedIn)
    };
  } finally {
    await sequelize.close();
  }
}
function parentsFirst(models) {
  const byTable = new Map(models.map((model) => [tableName(model), model]));
  const ordered = [];
  const visiting = /* @__PURE__ */ new Set();
  const visit = (model) => {
    if (ordered.includes(model) || visiting.has(model)) return;
    visiting.add(model);
    const attributes = model.getAttributes?.() ?? model.rawAttributes ?? {};
    for (const attribute of Object.values(attributes)) {
      const target = attribute.references?.model;
      const name = typeof target === "string" ? target : target?.tableName;
      const parent = name === void 0 ? void 0 : byTable.get(name);
      if (parent && parent !== model) visit(parent);
    }
    ordered.push(model);
  };
  models.forEach(visit);
  return ordered;
}
async function modelFiles(modelPath) {
  const entries = await readdir(modelPath, { withFileTypes: true }).catch(() => null);
  if (!entries) return [modelPath];
  const files = entries.filter((entry) => entry.isFile() && MODEL_FILE.test(entry.name) && !NOT_A_MODEL.test(entry.name)).map((entry) => path2.join(modelPath, entry.name)).sort();
  if (files.length === 0)
    throw new ConfigError((name) => `${name.model} ${modelPath} has no model files (.js or .ts, other than index)`, {
      option: "model",
      file: modelPath
    });
  return files;
}
async function defineFrom(file, sequelize, library, cwd) {
  const loaded = await importModule(file, cwd);
  const exported = [.../* @__PURE__ */ new Set([loaded, loaded.default, ...Object.values(loaded)])];
  const classes = exported.filter((item) => isModelClass(item, library));
  const factory = exported.find((item) => typeof item === "function" && !isModelClass(item, library));
  if (factory && classes.length === 0) {
    await factory(sequelize, library.DataTypes);
    return [];
  }
  if (classes.length > 0) return classes;
  throw new Error(
    "exports no model: expected a factory, module.exports = (sequelize, DataTypes) => Model, or sequelize-typescript @Table classes"
  );
}
function isModelClass(candidate, library) {
  return typeof candidate === "function" && candidate.prototype instanceof library.Model;
}
function addDecorated(sequelize, classes, definedIn, failures) {
  if (typeof sequelize.addModels !== "function") {
    for (const model of classes)
      failures.push({
        file: definedIn.get(model.name),
        line: null,
        table: null,
        message: `${model.name} is a model class, but sequelize-typescript is not installed to add it`
      });
    return;
  }
  try {
    sequelize.addModels(classes);
  } catch (error) {
    const file = definedIn.get(classes[0].name);
    failures.push({ file, line: lineOf(error, file), table: null, message: messageOf(error) });
  }
}
function tableName(model) {
  const name = model.getTableName();
  return typeof name === "string" ? name : name.tableName;
}
async function sourcesOf(models, definedIn) {
  const sources = {};
  const texts = /* @__PURE__ */ new Map();
  for (const model of models) {
    const file = definedIn.get(model.name);
    if (!file) continue;
    if (!texts.has(file)) texts.set(file, await readFile(file, "utf8"));
    const text = texts.get(file);
    const table = tableName(model);
    const attributes = {};
    const declared = model.getAttributes?.() ?? model.rawAttributes ?? {};
    for (const [attribute, definition] of Object.entries(declared))
      attributes[definition.field ?? attribute] = attribute;
    sources[table] = { file, line: locateTable(text, [model.name, table]), text, attributes };
  }
  return sources;
}

// src/replay/session.ts
function resolveContextKind(kind, cwd) {
  if (kind !== "auto") return kind;
  return projectSequelize(cwd) ? "sequelize" : "mysql2";
}
async function openChainSession(credentials2, schema, project) {
  const { cwd } = project;
  const kind = resolveContextKind(project.context, cwd);
  const open = () => openConnection(credentials2, schema);
  const sent = new StatementLog();
  let sqlConnection = await open();
  let context;
  let library;
  let sequelize = null;
  let contextConnection = null;
  if (kind === "sequelize") {
    const installed = projectSequelize(cwd);
    if (!installed)
      throw new ConfigError(
        (name) => `${name.context} sequelize needs the sequelize package installed in ${cwd} (npm install sequelize)`,
        { option: "context" }
      );
    let hooked = false;
    sequelize = openSequelize(installed, credentials2, schema, {
      foreignKeyChecks: true,
      cwd,
      project: project.sequelize,
      log: (sql) => void (hooked || sent.add(sql))
    });
    hooked = recordQueries(sequelize, sent);
    library = installed.Sequelize;
    context = umzugContext(sequelize, library);
  } else {
    contextConnection = await open();
    context = recording(() => contextConnection, sent);
  }
  const pool = poolOf(sequelize);
  const busy = async () => typeof pool?.using === "number" ? pool.using + (pool.waiting ?? 0) > 0 : (await runningQueries(sqlConnection, schema)).length > 0;
  return {
    kind,
    step: {
      context,
      library,
      sql: async (statement) => {
        await sent.send(statement, () => sqlConnection.query(statement));
      }
    },
    // A migration that neither returns nor awaits its promise (`up: (qi) => { qi.addColumn(…) }`) has
    // queries still running or queued when up() resolves; the snapshot must wait for them, or it reads
    // half a step. Quiet means nothing in flight across two turns of the event loop, since a chained
    // `.then(() => next query)` starts in the microtasks after the previous query's answer.
    async settle(ms) {
      const deadline = Date.now() + ms;
      let quiet = 0;
      while (quiet < 2 && Date.now() < deadline) {
        await new Promise((resolve) => setImmediate(resolve));
        quiet = await busy() ? 0 : quiet + 1;
      }
      return quiet >= 2;
    },
    statements: () => sent.take(),
    async renew() {
      sqlConnection.destroy();
      sqlConnection = await open();
      if (contextConnection) {
        contextConnection.destroy();
        contextConnection = await open();
      }
      await pool?.destroyAllNow().catch(() => {
      });
    },
    async [Symbol.asyncDispose]() {
      await Promise.allSettled([sqlConnection.end(), contextConnection?.end(), sequelize?.close()]);
    }
  };
}
async function openConnection(credentials2, schema) {
  const connection = await connect(credentials2, schema);
  connection.on("error", () => {
  });
  return connection;
}
var StatementLog = class {
  #sent = [];
  add(sql) {
    const statement = { sql, error: null };
    this.#sent.push(statement);
    return statement;
  }
  /** Records `sql` as sent now and runs it; a rejection is recorded with its statement and passed on. */
  send(sql, run) {
    const statement = this.add(sql);
    const refused = (error) => {
      statement.error = serverErrorOf(error)?.message ?? (error instanceof Error ? error.message : String(error));
      throw error;
    };
    try {
      const result = run();
      return isThenable(result) ? result.then((value) => value, refused) : result;
    } catch (error) {
      return refused(error);
    }
  }
  take() {
    const taken = this.#sent;
    this.#sent = [];
    return taken;
  }
};
function isThenable(value) {
  return typeof value?.then === "function";
}
function poolOf(sequelize) {
  return sequelize?.connectionManager?.pool ?? null;
}
function recordQueries(sequelize, sent) {
  const dialect = sequelize.dialect;
  const Query = dialect?.Query;
  if (typeof Query?.prototype?.run !== "function") return false;
  dialect.Query = class extends Query {
    run(sql, parameters) {
      return sent.send(sql, () => super.run(sql, parameters));
    }
  };
  return true;
}
function umzugContext(sequelize, library) {
  const queryInterface = sequelize.getQueryInterface();
  const instance = sequelize;
  return Object.assign(Object.create(queryInterface), {
    getQueryInterface: () => queryInterface,
    query: (...args) => instance.query.apply(sequelize, args),
    transaction: (...args) => instance.transaction.apply(sequelize, args),
    queryInterface,
    Sequelize: library
  });
}
function recording(current, sent) {
  return new Proxy(current(), {
    get(_target, property) {
      const connection = current();
      const value = Reflect.get(connection, property, connection);
      if (property !== "query" && property !== "execute" || typeof value !== "function") return value;
      return (...args) => {
        const first = args[0];
        const sql = typeof first === "string" ? first : first?.sql ?? "(a statement of unknown shape)";
        return sent.send(sql, () => value.apply(connection, args));
      };
    }
  });
}

// src/project/worker.ts
var setup = workerData;
var port = parentPort;
var post = (message) => port.postMessage(message);
var output = "";
for (const stream of [process.stdout, process.stderr])
  stream.write = ((chunk, encoding, callback) => {
    if (output.length < OUTPUT_LIMIT) output += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    const done = typeof encoding === "function" ? encoding : callback;
    if (typeof done === "function") done();
    return true;
  });
var exit = process.exit.bind(process);
process.exit = ((code) => {
  post({ type: "exit", code: Number(code ?? process.exitCode ?? 0), origin: originOf(new Error().stack, setup.cwd) });
  return exit(code);
});
var killing = false;
var late = (error) => {
  if (killing && lostConnection(error)) return;
  post({
    type: "late",
    message: error instanceof Error ? error.message : String(error),
    origin: originOf(error instanceof Error ? error.stack : void 0, setup.cwd)
  });
};
process.on("uncaughtException", late);
process.on("unhandledRejection", late);
var credentials = null;
var steps = /* @__PURE__ */ new Map();
var sessions = /* @__PURE__ */ new Map();
port.on("message", ({ id, request }) => {
  const fail = (error) => post({ type: "reply", id, ok: false, error: crossed(error), output: take() });
  void handle(request).then((value) => {
    try {
      post({ type: "reply", id, ok: true, value, output: take() });
    } catch (error) {
      fail(error);
    }
  }, fail);
});
function take() {
  const taken = output;
  output = "";
  return taken;
}
var QUICK_SETTLE_MS = 50;
async function handle(request) {
  switch (request.op) {
    case "prepare":
      projectLoader(setup.cwd);
      if (resolveContextKind(setup.context, setup.cwd) === "sequelize") preloadSequelize(setup.cwd);
      return null;
    case "connect":
      credentials = request.credentials;
      Object.assign(process.env, request.variables);
      return null;
    case "compiler":
      return projectLoader(setup.cwd).compiler();
    case "data": {
      const loaded = await importModule(request.file, setup.cwd);
      return asData(loaded.default ?? loaded);
    }
    case "load": {
      const chain = await loadChain(request.paths, request.projectDir);
      return chain.entries.map((entry) => isStep(entry) ? remember(entry) : entry);
    }
    case "open": {
      const session = await openChainSession(credentials, request.schema, setup);
      sessions.set(request.session, session);
      return session.kind;
    }
    case "run": {
      const session = sessions.get(request.session);
      const step = steps.get(request.file);
      let failure = null;
      try {
        await (request.direction === "down" ? step.down : step.up)(session.step);
      } catch (error) {
        failure = describeFailure(error, step, request.direction);
      }
      const settled = failure === null && await session.settle(QUICK_SETTLE_MS).catch(() => false);
      return { statements: session.statements(), failure, settled };
    }
    case "settle": {
      const session = sessions.get(request.session);
      await session.settle(request.ms);
      return { statements: session.statements() };
    }
    case "sockets":
      killing = true;
      return openSockets();
    case "renew": {
      await socketsDownTo(request.sockets, RENEW_WAIT_MS);
      killing = false;
      await sessions.get(request.session).renew();
      return null;
    }
    case "close":
      await sessions.get(request.session)?.[Symbol.asyncDispose]();
      sessions.delete(request.session);
      return null;
    case "models":
      return applySequelizeModels(credentials, request.schema, request.modelPath, setup.cwd, setup.sequelize);
  }
}
function openSockets() {
  return process.getActiveResourcesInfo().filter((resource) => resource === "TCPSocketWrap").length;
}
async function socketsDownTo(count, ms) {
  const deadline = Date.now() + ms;
  while (openSockets() > count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}
var RENEW_WAIT_MS = 2e3;
function lostConnection(error) {
  const code = error?.code;
  return code === "PROTOCOL_CONNECTION_LOST" || code === "ECONNRESET" || code === "EPIPE";
}
function remember(step) {
  steps.set(step.file, step);
  const { name, file, downFile, upLine, downLine } = step;
  return { name, file, downFile, upLine, downLine, reversible: step.down !== null };
}
function crossed(error) {
  if (error instanceof ConfigError)
    return { name: error.name, message: spellWithMarkers(error), option: error.where.option, file: error.where.file };
  return error instanceof Error ? { name: error.name, message: error.message } : { name: "Error", message: String(error) };
}
