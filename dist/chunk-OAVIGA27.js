import { createRequire as __createRequire } from 'node:module'; import { fileURLToPath as __fileURLToPath } from 'node:url'; const require = __createRequire(import.meta.url); const __filename = __fileURLToPath(import.meta.url); const __dirname = __fileURLToPath(new URL('.', import.meta.url));
import {
  FINDING_KINDS,
  ProjectHost,
  adoptRunTimeDefaults,
  chainTool,
  compareStage,
  costKind,
  diffSchemas,
  driftFindings,
  findingsOf,
  fingerprint,
  hasModel,
  hostSetup,
  inspect,
  judge,
  kindHint,
  migrationKey,
  modelFindings,
  oneImage,
  oneLine,
  onlyOn,
  provision,
  resultOf,
  runUpgrade,
  schemaReader,
  subject,
  summarise,
  unplaced
} from "./chunk-72JHRL5B.js";
import {
  ConfigError,
  InfraError,
  chainFiles,
  connect,
  describeFlavor,
  isMigrationFile,
  isStep,
  parseFlavor,
  require_promise,
  whileServerRuns
} from "./chunk-7Q43YLB3.js";
import {
  __callDispose,
  __toESM,
  __using
} from "./chunk-CTX5EYXB.js";

// src/live.ts
import path2 from "node:path";

// src/findings/live.ts
var LIVE_SIDES = { expected: "migrations", actual: "live database" };
var STEP_SIDES = { expected: "migration", actual: "live database" };
var DEPLOYED_SIDES = { expected: "model", actual: "live database after the deploy" };
function liveFindings(evidence, strictness) {
  const steps = evidence.entries.slice(0, Math.max(0, evidence.snapshots.length - 1));
  return [
    ...evidence.missing.map((name) => missingFinding(name, evidence)),
    ...evidence.behind.map((i) => behindFinding(evidence.entries[i], evidence)),
    ...evidence.state ? stateFindings(evidence.state, evidence, steps, strictness) : [],
    ...evidence.deploy ? [deployFinding(evidence.deploy, evidence)] : [],
    ...evidence.model ? modelFindings(evidence.model.applied) : [],
    ...evidence.model ? driftFindings(
      notHandMade(evidence.model.differences, evidence.state),
      evidence.model.applied,
      { snapshots: evidence.snapshots, steps },
      strictness,
      DEPLOYED_SIDES
    ) : []
  ];
}
function missingFinding(name, evidence) {
  return {
    kind: "missing-migration",
    severity: "warning",
    message: `${evidence.target} ran ${name} (it is in ${evidence.metaTable}), but no migration file has that name: it was deleted or renamed, and a renamed one runs again under its new name`,
    ...unplaced(),
    migration: name
  };
}
function behindFinding(entry, evidence) {
  const newest = evidence.entries[evidence.applied - 1];
  return {
    kind: "out-of-order",
    severity: "warning",
    message: `${entry.name} is pending on ${evidence.target} but sorts before ${newest.name}, which it ran: the deploy runs it after that one, a fresh database before it`,
    ...unplaced(),
    file: entry.file,
    line: isStep(entry) ? entry.upLine : null,
    migration: entry.name,
    direction: "up"
  };
}
function stateFindings(state, evidence, steps, strictness) {
  const findings = [];
  const after = (k) => k === 0 ? "no migration" : steps[k - 1].name;
  if (state.at !== evidence.applied) {
    const recorded = steps[evidence.applied - 1];
    const looks = state.partial ? `${after(state.at)} and part of ${steps[state.at].name}` : after(state.at);
    findings.push({
      kind: "live-position",
      severity: "error",
      message: `${evidence.target} records ${evidence.applied} migration(s) in ${evidence.metaTable}${recorded ? `, up to ${recorded.name}` : ""}, but its schema is what the chain gives after ${looks}`,
      ...unplaced(),
      file: recorded?.file ?? null,
      line: recorded?.upLine ?? null,
      migration: recorded?.name ?? null
    });
  }
  if (state.partial) {
    const step = steps[state.partial.step];
    findings.push({
      kind: "half-applied",
      severity: "error",
      message: `${evidence.target} looks half-applied at ${step.name}: it has ${list(state.partial.done)} of its changes, and lacks ${list(state.partial.lacking)}`,
      ...unplaced(),
      file: step.file,
      line: step.upLine,
      migration: step.name,
      direction: "up",
      // what the step would have made, against what the database has
      differences: state.partial.lacking,
      sides: STEP_SIDES
    });
  }
  const attribution = { snapshots: evidence.snapshots.slice(0, state.at + 1), steps };
  const drift = driftFindings(state.drift, { sources: {} }, attribution, strictness, LIVE_SIDES);
  findings.push(
    ...drift.map((finding) => finding.kind === "drift" ? { ...finding, kind: "live-drift" } : finding)
  );
  return findings;
}
function deployFinding(deploy2, evidence) {
  const step = evidence.entries[deploy2.step];
  const how = deploy2.kind === "timeout" ? "would not finish" : "would fail";
  return {
    kind: "upgrade-error",
    severity: "error",
    message: `${step.name} ${how} on ${evidence.target} as it is (run on a copy of its schema, without rows): ${deploy2.failure.message}`,
    ...unplaced(),
    file: deploy2.failure.file,
    line: deploy2.failure.line ?? step.upLine,
    migration: step.name,
    direction: "up"
  };
}
function notHandMade(differences, state) {
  const object = (difference) => JSON.stringify([difference.table, difference.object, difference.name]);
  const handMade = new Set((state?.drift ?? []).map(object));
  return differences.filter((difference) => !handMade.has(object(difference)));
}
function list(differences) {
  const subjects = [...new Set(differences.map(subject))];
  return subjects.length > 4 ? `${subjects.slice(0, 4).join(", ")} and ${subjects.length - 4} more` : subjects.join(", ");
}

// src/live/copy.ts
async function copyStructure(server, schema, live2, from, skip) {
  const kept = ({ name }) => !skip.includes(name);
  const connection = await connect(server.credentials, schema);
  try {
    await connection.query("SET FOREIGN_KEY_CHECKS = 0");
    for (const table of live2.tables.filter(kept))
      await connection.query(table.sql).catch((error) => {
        throw new ConfigError(
          (name) => `the live table ${table.name} cannot be created on the scratch server (${describeFlavor(server.flavor)}, ${server.origin}): ${error.message}; set ${name.mysqlImage} to the live server's version (${describeFlavor(live2.flavor)}), or leave the table out with ${name.ignoreTables}`,
          { option: "mysqlImage" }
        );
      });
    return await copyViews(
      connection,
      live2.views.map((view) => ({ name: view.name, sql: portable(view.sql, from) }))
    );
  } finally {
    connection.destroy();
  }
}
async function copyViews(connection, views) {
  let left = views;
  while (left.length > 0) {
    const failed = [];
    for (const view of left)
      await connection.query(view.sql).catch((error) => failed.push({ ...view, message: error.message }));
    if (failed.length === left.length)
      return failed.map((view) => `View ${view.name} was not copied to the scratch server: ${view.message}.`);
    left = failed;
  }
  return [];
}
function portable(sql, from) {
  const quoted = `\`${from.replace(/`/g, "``")}\`.`;
  return sql.replace(/\bDEFINER=`(?:[^`]|``)*`@`(?:[^`]|``)*`\s*/i, "").split(quoted).join("");
}

// src/live/locate.ts
function locate(snapshots, live2, recorded) {
  const objects = snapshots.map(objectsOf);
  const here = objectsOf(live2);
  let best = null;
  const consider = (state, unexplained, distance) => {
    if (!best || unexplained < best.unexplained || unexplained === best.unexplained && distance < best.distance)
      best = { state, unexplained, distance };
  };
  objects.forEach((before, k) => {
    consider(
      () => ({ at: k, partial: null, drift: diffSchemas(snapshots[k], live2) }),
      unexplainedAt(before, here).size + (k === recorded ? 0 : 1),
      Math.abs(k - recorded)
    );
    const after = objects[k + 1];
    if (!after) return;
    const split = partway(before, after, here);
    if (split)
      consider(
        () => ({
          at: k,
          partial: {
            step: k,
            done: diffSchemas(snapshots[k], live2).filter((d) => split.done.has(keyOf(d))),
            lacking: diffSchemas(snapshots[k + 1], live2).filter((d) => split.lacking.has(keyOf(d)))
          },
          drift: unexplainedDifferences(snapshots[k], snapshots[k + 1], live2, split.unexplained)
        }),
        // the step the meta table says is the next to run is the one a failed deploy leaves half-applied
        split.unexplained.size + (k === recorded ? 0 : 1),
        Math.abs(k + 0.5 - recorded)
      );
  });
  return best.state();
}
function unexplainedDifferences(before, after, live2, unexplained) {
  const taken = /* @__PURE__ */ new Set();
  return [...diffSchemas(before, live2), ...diffSchemas(after, live2)].filter((difference) => {
    const key = keyOf(difference);
    const one = JSON.stringify([key, difference.kind, difference.attribute]);
    if (!unexplained.has(key) || taken.has(one)) return false;
    taken.add(one);
    return true;
  });
}
function unexplainedAt(schema, live2) {
  return new Set([...keysOf(schema, live2)].filter((key) => schema.get(key) !== live2.get(key)));
}
function partway(before, after, live2) {
  const done = /* @__PURE__ */ new Set();
  const lacking = /* @__PURE__ */ new Set();
  const unexplained = /* @__PURE__ */ new Set();
  for (const key of keysOf(before, after, live2)) {
    const [was, is, has] = [before.get(key), after.get(key), live2.get(key)];
    if (was === is) {
      if (has !== was) unexplained.add(key);
    } else if (has === is) done.add(key);
    else if (has === was) lacking.add(key);
    else unexplained.add(key);
  }
  return done.size > 0 && lacking.size > 0 ? { done, lacking, unexplained } : null;
}
function keysOf(...schemas) {
  return new Set(schemas.flatMap((objects) => [...objects.keys()]));
}
var tableObjects = /* @__PURE__ */ new WeakMap();
function objectsOf(schema) {
  return new Map(Object.values(schema.tables).flatMap(objectsOfTable));
}
function objectsOfTable(table) {
  const known = tableObjects.get(table);
  if (known) return known;
  const { name, columns, primaryKey, indexes, foreignKeys, checks, ...options } = table;
  const objects = [
    [`table:${name}`, JSON.stringify(options)],
    [`order:${name}`, JSON.stringify(columns.map((column) => column.name))],
    [`primaryKey:${name}`, JSON.stringify(primaryKey)],
    ...columns.map(({ position: _, ...column }) => [
      `column:${name}.${column.name}`,
      JSON.stringify(column)
    ]),
    ...indexes.map((index) => [`index:${name}.${index.name}`, JSON.stringify(index)]),
    ...foreignKeys.map((key) => [`foreignKey:${name}.${key.name}`, JSON.stringify(key)]),
    ...checks.map((check) => [`check:${name}.${check.name}`, JSON.stringify(check)])
  ];
  tableObjects.set(table, objects);
  return objects;
}
function keyOf(difference) {
  const { object, table, name } = difference;
  if (object === "table") return `table:${table}`;
  if (object === "column") return name === null ? `order:${table}` : `column:${table}.${name}`;
  if (object === "primaryKey") return `primaryKey:${table}`;
  return `${object}:${table}.${name}`;
}

// src/live/position.ts
function positionOf(recorded, names) {
  const ran = new Set(recorded.map(migrationKey));
  const files = new Set(names.map(migrationKey));
  const applied = [];
  const pending = [];
  names.forEach((name, i) => (ran.has(migrationKey(name)) ? applied : pending).push(i));
  const newest = applied.at(-1) ?? -1;
  return {
    applied,
    pending,
    missing: recorded.filter((name) => !files.has(migrationKey(name))),
    behind: pending.filter((i) => i < newest)
  };
}

// src/live/read.ts
var import_promise = __toESM(require_promise(), 1);
async function readLive(target, metaTable) {
  const started = performance.now();
  const connection = await connectTo(target);
  try {
    const [version, identity, defaults, objects] = await batch(
      connection,
      [
        ["SELECT VERSION() AS version", []],
        [IDENTITY_SQL, []],
        [
          "SELECT DEFAULT_CHARACTER_SET_NAME AS charset, DEFAULT_COLLATION_NAME AS collation FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
          [target.schema]
        ],
        [
          "SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME",
          [target.schema]
        ]
      ],
      target.timeoutMs
    );
    const schemaDefaults = defaults[0];
    if (!schemaDefaults)
      throw new ConfigError(
        (name) => `${name.databaseUrl}: ${target.label} has no schema ${target.schema}, or its user may not see it (GRANT SELECT, SHOW VIEW ON \`${target.schema}\`.* TO \u2026)`,
        { option: "databaseUrl" }
      );
    const listed = objects;
    const tables = listed.filter((object) => object.type !== "VIEW").map((object) => object.name);
    const views = listed.filter((object) => object.type === "VIEW").map((object) => object.name);
    const meta = tables.find((name) => name.toLowerCase() === metaTable.toLowerCase()) ?? null;
    const reads = [
      ...meta ? [[`SELECT * FROM ${import_promise.default.escapeId(meta)}`, []]] : [],
      ...tables.map((name) => [`SHOW CREATE TABLE ${import_promise.default.escapeId(name)}`, []]),
      ...views.map((name) => [`SHOW CREATE VIEW ${import_promise.default.escapeId(name)}`, []])
    ];
    const results = reads.length > 0 ? await batch(connection, reads, target.timeoutMs) : [];
    const rows = meta ? results.shift() : null;
    const ddl = results.map((result) => {
      const row = result[0];
      return { name: row.Table ?? row.View, sql: row["Create Table"] ?? row["Create View"] };
    });
    return {
      flavor: parseFlavor(String(version[0].version)),
      identity: JSON.stringify(identity[0]),
      defaults: schemaDefaults,
      recorded: rows && rows.map(migrationName),
      tables: ddl.slice(0, tables.length),
      views: ddl.slice(tables.length),
      roundTrips: reads.length > 0 ? 2 : 1,
      ms: performance.now() - started
    };
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new InfraError(`cannot read the live database ${target.label}: ${reason(error)}`, { cause: error });
  } finally {
    connection.destroy();
  }
}
var IDENTITY_SQL = "SELECT @@hostname AS host, @@port AS port, @@datadir AS datadir, @@server_id AS id";
async function serverIdentity(connection) {
  const [rows] = await connection.query(IDENTITY_SQL);
  return JSON.stringify(rows[0]);
}
function migrationName(row) {
  return String(row.name ?? Object.values(row)[0]);
}
async function batch(connection, reads, timeoutMs) {
  const [results] = await connection.query({
    sql: reads.map(([sql]) => sql).join(";\n"),
    values: reads.flatMap(([, values]) => values),
    // a read waits on a metadata lock while a deploy's ALTER runs: bounded like the connection
    timeout: timeoutMs
  });
  return reads.length === 1 ? [results] : results;
}
async function connectTo(target) {
  try {
    return await import_promise.default.createConnection(target.connection);
  } catch (error) {
    throw new InfraError(`cannot connect to the live database ${target.label}: ${reason(error)}${advice(error)}`, {
      cause: error
    });
  }
}
function reason(error) {
  const { code, message } = error;
  const text = (message ?? String(error)).split("\n")[0];
  return code && !text.includes(code) ? `${code}: ${text}` : text;
}
function advice(error) {
  const { code, message = "" } = error;
  if (code === "ER_ACCESS_DENIED_ERROR") return "; check the user and password in the URL";
  if (code === "PROTOCOL_SEQUENCE_TIMEOUT")
    return "; it did not answer within the connect timeout (a lock held by a running ALTER?)";
  if (code === "ER_BAD_DB_ERROR") return "; the URL's schema does not exist there";
  if (code === "ER_DBACCESS_DENIED_ERROR") return "; grant the user SELECT and SHOW VIEW on the schema";
  if (code === "ETIMEDOUT" || code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EHOSTUNREACH")
    return "; check the host and port, and that this machine may reach the server";
  if (/ssl|tls|certificate|self[- ]signed/i.test(`${code} ${message}`))
    return "; check ?ssl-mode= and ?ssl-ca= in the URL";
  return "";
}

// src/live/target.ts
import { readFileSync } from "node:fs";
import path from "node:path";
function liveTarget(config) {
  const credentials = config.database;
  if (!credentials)
    throw new ConfigError(
      (name) => `live needs ${name.databaseUrl}: the running database to read, e.g. mysql://reader:password@db.example.com:3306/appdb`,
      { option: "databaseUrl" }
    );
  const schema = config.databaseName;
  if (!schema)
    throw new ConfigError(
      (name) => `${name.databaseUrl} names no schema: live reads one, given as the URL's path (mysql://${credentials.user}@${credentials.host}:${credentials.port}/appdb)`,
      { option: "databaseUrl" }
    );
  return {
    label: `${credentials.user}@${credentials.host}:${credentials.port}/${schema}`,
    schema,
    timeoutMs: config.connectTimeoutMs,
    connection: {
      ...credentials,
      database: schema,
      // one round trip for many reads (see read.ts); every statement sent is a read
      multipleStatements: true,
      connectTimeout: config.connectTimeoutMs,
      ssl: tlsOptions(config)
    }
  };
}
function tlsOptions(config) {
  const tls = config.tls;
  if (!tls) return void 0;
  const ca = tls.ca === null ? void 0 : readCa(path.resolve(config.cwd, tls.ca));
  switch (tls.mode) {
    case "required":
      return { rejectUnauthorized: false };
    case "verify-ca":
      return { ca, rejectUnauthorized: true, verifyIdentity: false };
    case "verify-identity":
      return { ca, rejectUnauthorized: true, verifyIdentity: true };
  }
}
function readCa(file) {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(
      (name) => `${name.databaseUrl}'s ssl-ca ${file} cannot be read: ${error.message.split("\n")[0]}`,
      { option: "databaseUrl", file }
    );
  }
}

// src/live.ts
async function live(config, options = {}) {
  var _stack = [];
  try {
    const started = performance.now();
    const log = options.log ?? (() => {
    });
    const phase = options.phase ?? ((_name, work) => work());
    const target = liveTarget(config);
    if (config.database?.password) options.secret?.(config.database.password);
    if (config.tool.kind !== "umzug")
      throw new ConfigError(
        (name) => `live reads which migrations a database recorded in umzug's table; with ${name.runner} ${config.tool.kind}, use check`,
        { option: "runner" }
      );
    const tool = chainTool(config);
    const paths = await tool.find(config.cwd);
    const database = await phase(`Read the live database ${target.label}`, () => readLive(target, config.metaTable));
    log(
      `live: ${describeFlavor(database.flavor)}, ${database.tables.length} table(s), ${database.recorded?.length ?? "no"} recorded migration(s), read in ${database.roundTrips} round trip(s)`
    );
    const files = chainFiles(paths);
    const position = positionOf(
      database.recorded ?? [],
      files.map((file) => path2.basename(file))
    );
    if (database.recorded === null && database.tables.length > 0)
      throw new ConfigError(
        (name) => `${target.label} has tables but no ${config.metaTable}: set ${name.metaTable} to the table its migrations are recorded in (sequelize-cli's migrationStorageTableName)`,
        { option: "metaTable" }
      );
    const ordered = [...position.applied, ...position.pending].map((i) => files[i]);
    const scratchConfig = {
      ...config,
      database: config.scratch,
      charset: config.charset ?? database.defaults.charset,
      collation: config.collation ?? database.defaults.collation,
      irreversible: [],
      minimumDowngrade: null,
      base: null,
      seed: null
    };
    const host = __using(_stack, new ProjectHost(hostSetup(config), config.stepTimeoutMs), true);
    await host.prepare();
    const serverStarted = performance.now();
    const owned = __using(_stack, options.server ? null : await phase(
      "Start the scratch server",
      () => provision({
        credentials: config.scratch,
        image: config.scratch ? config.mysqlImages[0] : oneImage(config, "live"),
        log
      })
    ), true);
    const server = options.server ?? owned;
    const serverMs = performance.now() - serverStarted;
    if (config.scratch && !options.server && await serverIdentity(server.admin) === database.identity)
      throw new ConfigError(
        (name) => `${name.scratchUrl} reaches the server ${name.databaseUrl} names, under another name: live only reads that one and replays elsewhere; give another server, or none for a container`,
        { option: "scratchUrl" }
      );
    if (server.credentials.password) options.secret?.(server.credentials.password);
    log(`scratch server: ${server.flavor.raw} (${server.origin})`);
    const secret = options.secret ?? (() => {
    });
    const seen = await inspect({
      config: scratchConfig,
      paths: [...ordered, ...paths.filter((file) => !isMigrationFile(file))],
      tree: null,
      tool,
      host,
      server,
      upOnly: true,
      withModel: false,
      phase,
      log,
      secret
    });
    const deployStarted = performance.now();
    const copied = await phase(
      "Run the pending migrations on a copy of the live schema",
      () => whileServerRuns(
        server,
        () => "the copy of the live schema",
        () => deploy({ server, host, seen, config: scratchConfig, database, target, position })
      )
    );
    const upgradeMs = performance.now() - deployStarted;
    const modelStarted = performance.now();
    const model = hasModel(config) && copied.result.schema ? await compareStage({
      server,
      host,
      config: scratchConfig,
      env: seen.env,
      phase,
      result: copied.result.schema,
      snapshotOf: copied.read
    }) : null;
    const modelMs = performance.now() - modelStarted;
    const evidence = liveEvidence(seen, target, config, position, copied, model);
    const findings = [...findingsOf(seen.evidence, config), ...liveFindings(evidence, config)];
    const gaps = [...seen.coverage.gaps, ...liveGaps(evidence, copied, config, model)];
    const coverage = {
      ...seen.coverage,
      tables: model && { compared: model.compared.length, model: model.info.tables.length },
      gaps
    };
    const judged = judge(
      findings,
      {
        waivers: { irreversible: [], unsafe: [] },
        ignore: config.ignore,
        severities: config.severity,
        mask: seen.mask,
        baseline: null
      },
      gaps
    );
    const notes = [...seen.notes, ...copied.notes, ...liveNotes(config, database, server)];
    const result = resultOf(config, server, { ...seen, coverage, model }, judged, null, notes, {
      serverMs,
      totalMs: performance.now() - started
    });
    return {
      ...result,
      timings: { ...result.timings, upgradeMs, modelMs },
      live: liveReport(evidence, database, position, copied, upgradeMs)
    };
  } catch (_) {
    var _error = _, _hasError = true;
  } finally {
    var _promise = __callDispose(_stack, _error, _hasError);
    _promise && await _promise;
  }
}
async function deploy(input) {
  var _stack = [];
  try {
    const { server, seen, config } = input;
    const schema = seen.schema;
    const options = { exclude: [config.metaTable, ...config.ignoreTables], startedMs: Date.now() };
    const read = async (name) => (await schemaReader(server, name, options)()).schema;
    await server.emptySchema(schema);
    const notes = await copyStructure(server, schema, input.database, input.target.schema, config.ignoreTables);
    const before = await read(schema);
    const entries = seen.evidence.entries;
    const applied = input.position.applied.length;
    const pending = input.position.pending.map((_2, i) => applied + i);
    const steps = pending.map((i) => entries[i]).filter(isStep);
    if (steps.length < pending.length)
      return { before, result: { failure: null, schema: null, data: null, ms: 0 }, pending, ran: false, notes, read };
    const session = __using(_stack, await input.host.openSession(schema), true);
    await session.renew();
    const result = await runUpgrade(
      { steps, released: 0, seed: null },
      {
        context: session.step,
        killQueries: () => session.killQueries(),
        settle: (ms) => session.settle(ms),
        statements: () => session.statements(),
        stepTimeoutMs: config.stepTimeoutMs,
        snapshot: () => read(schema),
        tablesWithRows: async () => [],
        readRows: async () => [],
        log: (message) => void message
      }
    );
    return { before, result, pending, ran: true, notes, read };
  } catch (_) {
    var _error = _, _hasError = true;
  } finally {
    var _promise = __callDispose(_stack, _error, _hasError);
    _promise && await _promise;
  }
}
function liveEvidence(seen, target, config, position, copied, model) {
  const entries = seen.evidence.entries;
  const snapshots = seen.replay.replayed.snapshots;
  const applied = position.applied.length;
  const failure = copied.result.failure;
  return {
    target: target.label,
    metaTable: config.metaTable,
    entries,
    applied,
    missing: position.missing,
    behind: position.behind.map((i) => applied + position.pending.indexOf(i)),
    snapshots,
    // placed among the schemas the replay went through, up to the recorded position and the step after it
    state: snapshots.length > applied ? locate(snapshots, adoptRunTimeDefaults(copied.before, snapshots), applied) : null,
    deploy: failure && { step: copied.pending[failure.step], kind: failure.kind, failure: failure.failure },
    model: model && { applied: model.applied, differences: model.differences }
  };
}
function liveGaps(evidence, copied, config, model) {
  const gaps = [];
  if (evidence.state === null)
    gaps.push("the live schema was not compared with the chain: the replay did not reach the recorded position");
  if (!copied.ran) gaps.push("the pending migrations were not run on the live schema: one cannot be loaded");
  if (hasModel(config) && model === null)
    gaps.push(
      `the model was not compared${copied.result.failure ? ": the pending migrations fail on the live schema" : ""}`
    );
  return gaps;
}
function liveNotes(config, database, server) {
  const notes = [];
  const [live2, scratch] = [database.flavor, server.flavor];
  if (live2.kind !== scratch.kind || live2.version[0] !== scratch.version[0] || live2.version[1] !== scratch.version[1])
    notes.push(
      `The live database runs ${describeFlavor(live2)}, the scratch server ${describeFlavor(scratch)}: a pending migration may behave otherwise there; set the scratch image to the live version.`
    );
  if (!hasModel(config)) notes.push("No model given: the schema after the deploy was not compared with a model.");
  return notes;
}
function liveReport(evidence, database, position, copied, ms) {
  const name = (i) => evidence.entries[i].name;
  const state = evidence.state;
  const failure = evidence.deploy;
  return {
    database: evidence.target,
    server: database.flavor,
    tables: database.tables.length,
    views: database.views.length,
    recorded: database.recorded?.length ?? 0,
    newest: evidence.applied > 0 ? name(evidence.applied - 1) : null,
    pending: copied.pending.map(name),
    missing: position.missing,
    state: state && {
      at: state.at === 0 ? null : name(state.at - 1),
      halfApplied: state.partial && name(state.partial.step),
      drift: state.drift.length,
      asRecorded: state.at === evidence.applied
    },
    deploy: { steps: copied.pending.length, ran: copied.ran, failed: failure && name(failure.step), ms },
    reads: { roundTrips: database.roundTrips, ms: database.ms }
  };
}

// src/report/json.ts
import path3 from "node:path";
function renderJson(result) {
  const relative = (file) => file === null ? null : path3.relative(result.cwd, file) || file;
  const own = (part) => ({
    steps: part.steps.map((step) => ({ ...step, file: relative(step.file) })),
    history: part.history && {
      ...part.history,
      history: part.history.history && {
        ...part.history.history,
        changes: part.history.history.changes.map((change) => ({ ...change, file: relative(change.file) }))
      },
      data: part.history.data && { ...part.history.data, seed: relative(part.history.data.seed) }
    }
  });
  return JSON.stringify(
    {
      ...result,
      // the schema itself is what `migration-gate snapshot` writes
      schema: void 0,
      ...own(result),
      findings: result.findings.map((finding) => ({ ...finding, file: relative(finding.file) })),
      model: result.model && { ...result.model, files: result.model.files.map((file) => relative(file)) },
      // each engine's own part, flat; its findings are the ones above that name its image
      engines: result.engines?.map(({ result: part, ...engine }) => ({ ...engine, ...part, ...own(part) })) ?? null
    },
    null,
    2
  );
}

// src/version.ts
var VERSION = "0.1.0";

// src/report/sarif.ts
import { createHash } from "node:crypto";
import path5 from "node:path";
import { pathToFileURL } from "node:url";

// src/report/history.ts
import path4 from "node:path";

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
    const seed = path4.relative(result.cwd, report.data.seed);
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

// src/report/engines.ts
function engineTag(finding, result) {
  if (!result.engines || !finding.engines || finding.engines.length === result.engines.length) return null;
  return onlyOn(finding.engines, result.engines);
}
function engineHeadline(result) {
  const engines = result.engines;
  if (!engines) return null;
  const passed = engines.filter((engine) => engine.verdict === "pass").map((engine) => engine.label);
  const failed = engines.filter((engine) => engine.verdict === "fail").map((engine) => engine.label);
  if (passed.length === 0 || failed.length === 0) return null;
  return `The chain works on ${passed.join(" and ")} but fails on ${failed.join(" and ")}.`;
}
function probesOf(result) {
  const probes = result.engines ? result.engines.map((engine) => engine.result.probe) : [result.probe];
  return probes.filter((probe) => probe !== null);
}
function historyOfEngines(result) {
  if (!result.engines) return historyLines(result);
  return [
    ...historyLines({ ...result, history: null }),
    ...result.engines.flatMap(
      (engine) => historyLines({ ...result, baseline: null, history: engine.result.history }).map(
        (line) => `${engine.label}: ${line}`
      )
    )
  ];
}

// src/report/sarif.ts
var SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
var INFORMATION_URI = "https://github.com/migration-gate/migration-gate";
var SRCROOT = "%SRCROOT%";
var FINGERPRINT_KEY = "migrationGate/v1";
var LEVELS = { error: "error", warning: "warning", notice: "note" };
var DEFAULT_SEVERITY = {
  "load-error": "error",
  duplicate: "error",
  "migration-error": "error",
  irreversible: "error",
  "down-mismatch": "error",
  "reup-mismatch": "error",
  drift: "error",
  "model-error": "error",
  "name-only": "warning",
  "column-order": "warning",
  unchecked: "warning",
  "edited-migration": "error",
  "deleted-migration": "error",
  "renamed-migration": "error",
  "out-of-order": "error",
  "upgrade-error": "error",
  "upgrade-mismatch": "error",
  "data-loss": "error",
  "frozen-default": "warning",
  equivalent: "notice",
  "swallowed-error": "warning",
  "snapshot-fallback": "warning",
  "live-drift": "error",
  "half-applied": "error",
  "live-position": "error",
  "missing-migration": "warning",
  "table-copy": "warning",
  "write-lock": "warning",
  rebuild: "warning",
  destructive: "warning",
  "breaking-change": "error",
  "not-probed": "notice"
};
function renderSarif(result, root) {
  const log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: { name: "migration-gate", version: VERSION, informationUri: INFORMATION_URI, rules: rules() }
        },
        // lets a local SARIF viewer open the files; code scanning resolves %SRCROOT% to the repository itself
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(root) } },
        invocations: [invocation(result)],
        results: sarifResults(result, root)
      }
    ]
  };
  return `${JSON.stringify(log, null, 2)}
`;
}
function rules() {
  return FINDING_KINDS.map((kind) => ({
    id: kind,
    // the same title the annotations carry, so an alert and its annotation read alike
    shortDescription: { text: `migration-gate: ${kind}` },
    fullDescription: { text: kindHint(kind) },
    help: { text: kindHint(kind) },
    defaultConfiguration: { level: LEVELS[DEFAULT_SEVERITY[kind]] }
  }));
}
function invocation(result) {
  const gaps = result.coverage.gaps.map((gap) => ({
    level: "error",
    message: { text: `Not checked: ${gap}. A check that did not check everything does not pass.` }
  }));
  return gaps.length > 0 ? { executionSuccessful: true, toolExecutionNotifications: gaps } : { executionSuccessful: true };
}
function sarifResults(result, root) {
  const fingerprints = occurrenceFingerprints(result.findings);
  return result.findings.map((finding, i) => ({
    ruleId: finding.kind,
    ruleIndex: FINDING_KINDS.indexOf(finding.kind),
    level: LEVELS[finding.severity],
    message: { text: messageOf(finding, engineTag(finding, result)) },
    ...locations(finding, root),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprints[i] },
    ...suppressions(finding, result)
  }));
}
function messageOf(finding, only) {
  const message = only ? `${finding.message} (${only})` : finding.message;
  return finding.hint ? `${message} \u2014 hint: ${finding.hint}` : message;
}
function occurrenceFingerprints(findings) {
  const seen = /* @__PURE__ */ new Map();
  return findings.map((finding) => {
    const hash = fingerprintHash(finding);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return `${hash}:${occurrence}`;
  });
}
function fingerprintHash(finding) {
  const print = fingerprint(finding);
  const key = JSON.stringify([print.kind, print.table, print.object, print.migration]);
  return createHash("sha256").update(key).digest("hex");
}
function locations(finding, root) {
  if (finding.file === null) return {};
  const region = finding.line !== null && finding.line >= 1 ? { region: { startLine: finding.line } } : {};
  return { locations: [{ physicalLocation: { artifactLocation: artifactLocation(finding.file, root), ...region } }] };
}
function artifactLocation(file, root) {
  const relative = path5.relative(root, file);
  const outside = relative === "" || relative === ".." || relative.startsWith(`..${path5.sep}`);
  if (outside || path5.isAbsolute(relative)) return { uri: pathToFileURL(path5.resolve(file)).href };
  return { uri: relative.split(path5.sep).map(encodeURIComponent).join("/"), uriBaseId: SRCROOT };
}
function directoryUri(root) {
  const href = pathToFileURL(path5.resolve(root)).href;
  return href.endsWith("/") ? href : `${href}/`;
}
function suppressions(finding, result) {
  const justification = finding.ignored !== void 0 ? `accepted in the config file: ${finding.ignored}` : finding.known ? `known: in ${result.baseline?.label ?? "the baseline"}` : null;
  return justification === null ? {} : { suppressions: [{ kind: "external", justification }] };
}

// src/report/live.ts
function liveLines(result) {
  const report = result.live;
  if (!report) return [];
  const newest = report.newest ? `, the newest ${report.newest}` : "";
  const lines = [
    `Live database ${report.database} (${describeFlavor(report.server)}): ${report.tables} table(s), ${report.recorded} migration(s) recorded${newest}; read in ${report.reads.roundTrips} round trip(s), ${seconds(report.reads.ms)}.`
  ];
  const state = report.state;
  if (state) {
    const at = state.at ? `after ${state.at}` : "before the first migration";
    const part = state.halfApplied ? `, and part of ${state.halfApplied} (half-applied)` : "";
    const where = state.asRecorded ? "" : ", not where its meta table says it is";
    const drift = state.drift > 0 ? `, with ${state.drift} difference(s) no migration explains (live-drift)` : "";
    lines.push(`Schema: what the chain gives ${at}${part}${where}${drift}.`);
  }
  if (report.missing.length > 0) lines.push(`Recorded, no file: ${report.missing.join(", ")}.`);
  lines.push(
    report.pending.length > 0 ? `Pending: ${report.pending.length} migration(s): ${report.pending.join(", ")}.` : "Pending: none."
  );
  const deploy2 = report.deploy;
  const outcome = deploy2.failed ? `${deploy2.failed} would fail` : !deploy2.ran ? "not run: one cannot be loaded" : deploy2.steps > 0 ? "they run" : "nothing to run";
  lines.push(`Deploy: the pending migration(s) on a copy of the live schema, in ${seconds(deploy2.ms)}: ${outcome}.`);
  return lines;
}

// src/report/probe.ts
function probeSummary(probe) {
  const counts = /* @__PURE__ */ new Map();
  for (const statement of probe.statements)
    counts.set(algorithmOf(statement), (counts.get(algorithmOf(statement)) ?? 0) + 1);
  const chosen = [...counts].map(([algorithm, count]) => `${count} ${algorithm}`).join(", ");
  const unmeasured = probe.unmeasured > 0 ? `; ${probe.unmeasured} not measured` : "";
  return `Probed on ${probe.server}: ${probe.statements.length} statement(s) of ${probe.steps} migration(s)${chosen ? ` (${chosen})` : ""}${unmeasured}, ${seconds(probe.ms)}.`;
}
function algorithmOf(statement) {
  const kind = costKind(statement);
  if (kind === "table-copy") return statement.online ? "COPY (online)" : "COPY (writes blocked)";
  if (kind === "write-lock") return `${statement.algorithm} (writes blocked)`;
  if (kind === "rebuild") return `${statement.algorithm} rebuild`;
  return statement.algorithm;
}
function probeRows(probe) {
  return probe.statements.map((statement) => [
    statement.migration,
    oneLine(statement.sql, 90),
    algorithmOf(statement),
    statement.reason ?? ""
  ]);
}

export {
  live,
  renderJson,
  seconds,
  stepMs,
  countOf,
  sideLabel,
  sideValue,
  engineTag,
  engineHeadline,
  probesOf,
  historyOfEngines,
  VERSION,
  renderSarif,
  liveLines,
  probeSummary,
  probeRows
};
