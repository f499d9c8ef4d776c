import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { projectCopy, runAction, TODOBOX, todoboxVariant } from './helpers.js';

interface Recorded {
  method: string;
  url: string;
  authorization: string | undefined;
  body: { body?: string } | null;
}

/** A stand-in for GitHub's REST API on loopback: records every request, answers with `answer`. */
async function fakeApi(answer: (request: Recorded) => { status: number; json: unknown }) {
  const requests: Recorded[] = [];
  const server: Server = createServer((incoming: IncomingMessage, response) => {
    let text = '';
    incoming.on('data', (chunk: Buffer) => (text += chunk.toString()));
    incoming.on('end', () => {
      const request: Recorded = {
        method: incoming.method!,
        url: incoming.url!,
        authorization: incoming.headers.authorization,
        body: text ? (JSON.parse(text) as { body?: string }) : null,
      };
      requests.push(request);
      const { status, json } = answer(request);
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * A stand-in for the runner's artifact service on loopback: Twirp's CreateArtifact and FinalizeArtifact,
 * and the blob storage the signed URL points at, which takes the upload block by block. `uploaded` is
 * the blob as committed.
 */
async function fakeResults() {
  const calls: { method: string; body: Record<string, unknown>; authorization: string | undefined }[] = [];
  const blocks = new Map<string, Buffer>();
  let uploaded: Buffer | null = null;
  const server: Server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(incoming.url!, 'http://localhost');
      const twirp = url.pathname.match(/^\/twirp\/github\.actions\.results\.api\.v1\.ArtifactService\/(\w+)$/);
      if (twirp) {
        calls.push({
          method: twirp[1]!,
          body: JSON.parse(body.toString()) as Record<string, unknown>,
          authorization: incoming.headers.authorization,
        });
        const { port } = server.address() as AddressInfo;
        const json =
          twirp[1] === 'CreateArtifact'
            ? { ok: true, signed_upload_url: `http://127.0.0.1:${port}/devstoreaccount1/artifacts/upload?sig=s3cret` }
            : { ok: true, artifact_id: '4242' };
        return response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      }
      if (url.searchParams.get('comp') === 'block') blocks.set(url.searchParams.get('blockid')!, body);
      else if (url.searchParams.get('comp') === 'blocklist')
        uploaded = Buffer.concat(
          [...body.toString().matchAll(/<Latest>([^<]+)<\/Latest>/g)].map((m) => blocks.get(m[1]!)!),
        );
      else uploaded = body;
      response.writeHead(201, { etag: '"0x1"', 'last-modified': new Date().toUTCString() }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    uploaded: () => uploaded,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The runner's token for the artifact service: a JWT whose scope names the run's and the job's backend ids. */
function runtimeToken(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ scp: 'Actions.GenericRead:1 Actions.Results:run-backend-1:job-backend-2' })}.x`;
}

const servers = inject('servers');
const [first] = servers;
const EVENT = { name: 'pull_request', payload: { pull_request: { number: 7, base: { sha: 'a'.repeat(40) } } } };

describe('the action on a pull request: the sticky comment and SARIF', () => {
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  const inputs = (url: string) => ({
    migrations: 'migrations/*.ts',
    model: 'models/',
    'database-url': url,
    base: 'none',
    comment: 'true',
    'github-token': 'ghs_test-token',
    sarif: 'reports/migration-gate.sarif',
  });

  it('posts the findings as one comment through GITHUB_API_URL, and writes SARIF for code scanning', async () => {
    const api = await fakeApi((request) =>
      request.method === 'GET'
        ? { status: 200, json: [{ id: 1, body: 'someone else', html_url: 'x' }] }
        : { status: 201, json: { id: 42, html_url: 'https://github.example/o/r/pull/7#issuecomment-42' } },
    );
    closers.push(api.close);
    const dir = todoboxVariant('outage');
    const run = await runAction(dir, inputs(first!.url), EVENT, {
      GITHUB_API_URL: `${api.url}/api/v3`,
      GITHUB_REPOSITORY: 'acme/todobox',
      GITHUB_JOB: 'gate',
    });
    expect(run.code).toBe(1);
    expect(api.requests.map((request) => `${request.method} ${request.url.split('?')[0]}`)).toEqual([
      'GET /api/v3/repos/acme/todobox/issues/7/comments',
      'POST /api/v3/repos/acme/todobox/issues/7/comments',
    ]);
    expect(api.requests.every((request) => request.authorization === 'Bearer ghs_test-token')).toBe(true);
    const body = api.requests[1]!.body!.body!;
    expect(body.startsWith(`<!-- migration-gate:gate:${first!.url.replace(/^mysql:\/\/[^@]*@/, '')}`)).toBe(true);
    expect(body).toContain('user.api_token');
    expect(body).toContain('`models/user.ts:');
    expect(run.outputs.comment).toBe('https://github.example/o/r/pull/7#issuecomment-42');
    // masked: the runner hides it wherever the log would show it
    expect(run.stdout).toContain('::add-mask::ghs_test-token');
    expect(run.stdout.split('\n').filter((line) => line.includes('ghs_test-token'))).toHaveLength(1);

    const sarif = path.join(dir, 'reports/migration-gate.sarif');
    expect(run.outputs.sarif).toBe(sarif);
    expect(existsSync(sarif)).toBe(true);
    const log = JSON.parse(readFileSync(sarif, 'utf8')) as {
      runs: {
        results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
      }[];
    };
    expect(log.runs[0]!.results.map((result) => result.ruleId)).toEqual(['drift']);
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('models/user.ts');
  });

  it('posts the comment of a saved report with command: comment, running no project code', async () => {
    const api = await fakeApi((request) =>
      request.method === 'GET' ? { status: 200, json: [] } : { status: 201, json: { id: 5, html_url: 'c5' } },
    );
    closers.push(api.close);
    const runner = { GITHUB_API_URL: api.url, GITHUB_REPOSITORY: 'acme/todobox', GITHUB_JOB: 'comment' };
    const gate = await runAction(todoboxVariant('outage'), { ...inputs(first!.url), comment: 'false' }, EVENT, runner);
    expect(gate.code).toBe(1);
    expect(api.requests).toEqual([]);
    // the second workflow: another workspace, the report from the gate's artifact, the number beside it
    const run = await runAction(
      path.dirname(gate.outputs.report!),
      { command: 'comment', report: path.basename(gate.outputs.report!), 'pull-request': '7', 'github-token': 'ghs_x' },
      { name: 'workflow_run', payload: {} },
      runner,
    );
    expect(run.code).toBe(0);
    expect(api.requests.map((request) => request.method)).toEqual(['GET', 'POST']);
    const body = api.requests[1]!.body!.body!;
    expect(body).toContain('user.api_token');
    expect(body).toContain('`models/user.ts:');
    expect(run.outputs.comment).toBe('c5');
    const missing = await runAction(path.dirname(gate.outputs.report!), {
      command: 'comment',
      report: 'nope.json',
      'pull-request': '7',
    });
    expect(missing.code).toBe(2);
    expect(missing.stdout).toMatch(/::error::migration-gate: report .*nope\.json cannot be read/);
  });

  it('says so in a notice, and keeps the verdict, when the token may not write (a fork)', async () => {
    const api = await fakeApi((request) =>
      request.method === 'GET'
        ? { status: 200, json: [] }
        : { status: 403, json: { message: 'Resource not accessible by integration' } },
    );
    closers.push(api.close);
    const run = await runAction(todoboxVariant('outage'), inputs(first!.url), EVENT, {
      GITHUB_API_URL: api.url,
      GITHUB_REPOSITORY: 'acme/todobox',
      GITHUB_JOB: 'gate',
    });
    expect(run.code).toBe(1);
    expect(run.outputs.result).toBe('fail');
    expect(run.stdout).toMatch(/::notice::migration-gate could not comment: the token may not write/);
    expect(run.outputs.comment).toBeUndefined();
  });

  it('on several engines (mysql-image: a,b): annotations and the comment say where it fails, the summary has a column per engine, and command: comment reads it back', async () => {
    const mysql = servers.find((server) => server.flavor === 'mysql');
    const mariadb = servers.find((server) => server.flavor === 'mariadb');
    if (!mysql || !mariadb)
      throw new Error('the engine matrix needs a MySQL and a MariaDB image in MIGRATION_GATE_TEST_IMAGES');
    const api = await fakeApi((request) =>
      request.method === 'GET' ? { status: 200, json: [] } : { status: 201, json: { id: 9, html_url: 'c9' } },
    );
    closers.push(api.close);
    const runner = { GITHUB_API_URL: api.url, GITHUB_REPOSITORY: 'acme/todobox', GITHUB_JOB: 'gate' };
    const { 'database-url': _url, ...containers } = inputs(first!.url);
    const images = `${mysql.image},${mariadb.image}`;
    // a container of each image, started at once: the check on each engine runs concurrently
    const run = await runAction(todoboxVariant('mysql-only'), { ...containers, 'mysql-image': images }, EVENT, runner);
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs).toMatchObject({ result: 'fail' });
    const annotation = run.stdout.split('\n').find((line) => line.startsWith('::error '));
    expect(annotation).toContain('file=migrations/20240301110000-3e5106ee570c-api-token.ts');
    expect(annotation).toMatch(/title=migration-gate%3A migration-error \(only on MariaDB [\d.]+\)/);
    expect(run.summary).toMatch(/^\*\*The chain works on MySQL [\d.]+ but fails on MariaDB [\d.]+\.\*\*$/m);
    expect(run.summary).toMatch(/^\| \| MySQL [\d.]+ \| MariaDB [\d.]+ \|$/m);
    expect(run.summary).toMatch(/^\| verdict \| ✅ passed \| ❌ failed \|$/m);
    expect(run.summary).toMatch(/^\| ❌ \| migration-error \| .* \| – \| ✔ \|$/m);
    expect(run.summary).toMatch(
      /^\| 3 \| `20240301110000-3e5106ee570c-api-token.ts` \| ✅ ✅ ✅ \| ❌ failed – – \|$/m,
    );
    const body = api.requests.find((request) => request.method === 'POST')!.body!.body!;
    expect(body.startsWith(`<!-- migration-gate:gate:${images.replace(',', ', ')} -->`)).toBe(true);
    expect(body).toMatch(/^\*\*The chain works on MySQL [\d.]+ but fails on MariaDB [\d.]+\.\*\*$/m);
    expect(body).toMatch(/\| migration-error \| .*\*\*\(only on MariaDB [\d.]+\)\*\* \|$/m);
    expect(body).toMatch(/^#### Chain on MySQL [\d.]+: 5 of 5 steps ok$/m);
    // a step that never ran is no fault of its own (comment.ts): the gaps below say it was not checked
    expect(body).toMatch(/^#### Chain on MariaDB [\d.]+: 4 of 5 steps ok$/m);

    // the fork pattern's second workflow: the same comment from the saved report, with no project code run
    const again = await runAction(
      path.dirname(run.outputs.report!),
      { command: 'comment', report: path.basename(run.outputs.report!), 'pull-request': '7', 'github-token': 'ghs_x' },
      undefined,
      { ...runner, GITHUB_JOB: 'gate' },
    );
    expect(again.code, again.stdout).toBe(0);
    const posted = api.requests.filter((request) => request.method === 'POST').map((request) => request.body!.body!);
    expect(posted).toHaveLength(2);
    expect(posted[1]).toBe(body);
  });

  it('generate: true proposes the migration that closes the drift, in the comment and the summary as a file to commit and as an artifact, and committed as proposed it passes', async () => {
    const api = await fakeApi((request) =>
      request.method === 'GET' ? { status: 200, json: [] } : { status: 201, json: { id: 3, html_url: 'c3' } },
    );
    const results = await fakeResults();
    closers.push(api.close, results.close);
    const dir = todoboxVariant('outage');
    const runner = {
      GITHUB_API_URL: api.url,
      GITHUB_REPOSITORY: 'acme/todobox',
      GITHUB_JOB: 'gate',
      GITHUB_RUN_ID: '99',
      ACTIONS_RUNTIME_TOKEN: runtimeToken(),
      ACTIONS_RESULTS_URL: results.url,
    };
    const run = await runAction(dir, { ...inputs(first!.url), generate: 'true' }, EVENT, runner);
    // the verdict is the check's: a proposal fixes nothing until it is committed
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs.result).toBe('fail');
    const placed = run.outputs.migration!;
    expect(placed).toMatch(/^migrations\/\d{14}-add-api-token\.ts$/);
    const text = readFileSync(path.join(run.outputs['migration-directory']!, placed), 'utf8');
    expect(text).toContain("queryInterface.addColumn('user', 'api_token'");
    expect(text).toContain("queryInterface.addIndex('user', ['api_token']");
    // proven in the project and taken back: the checkout is as it was
    expect(existsSync(path.join(dir, placed))).toBe(false);

    const link = 'https://github.com/acme/todobox/actions/runs/99/artifacts/4242';
    const body = api.requests.find((request) => request.method === 'POST')!.body!.body!;
    for (const page of [body, run.summary]) {
      expect(page).toContain('#### 🛠️ A migration that closes the drift');
      expect(page).toContain(`Commit it as <code>${placed}</code> ([download](${link})).`);
      expect(page).toContain(
        `<details open><summary><code>${placed}</code></summary>\n\n\`\`\`ts\n${text.trimEnd()}\n\`\`\`\n`,
      );
    }
    expect(results.calls.map((call) => call.method)).toEqual(['CreateArtifact', 'FinalizeArtifact']);
    expect(results.calls[0]!.body).toMatchObject({
      workflow_run_backend_id: 'run-backend-1',
      workflow_job_run_backend_id: 'job-backend-2',
      // the job, and the server's version where database-url names no image
      name: expect.stringMatching(/^migration-gate-migration-gate-(MySQL|MariaDB)-\d+\.\d+\.\d+$/) as unknown,
    });
    expect(results.calls.every((call) => call.authorization === `Bearer ${runner.ACTIONS_RUNTIME_TOKEN}`)).toBe(true);
    // the artifact is the file at its place in the repository
    const zip = path.join(mkdtempSync(path.join(tmpdir(), 'migration-gate-artifact-')), 'artifact.zip');
    writeFileSync(zip, results.uploaded()!);
    expect(execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim()).toBe(placed);
    expect(execFileSync('unzip', ['-p', zip, placed], { encoding: 'utf8' })).toBe(text);

    // the fork pattern's second workflow shows the same proposal from the saved report
    const again = await runAction(
      path.dirname(run.outputs.report!),
      { command: 'comment', report: path.basename(run.outputs.report!), 'pull-request': '7', 'github-token': 'ghs_x' },
      undefined,
      runner,
    );
    expect(again.code, again.stdout).toBe(0);
    expect(api.requests.filter((request) => request.method === 'POST').map((request) => request.body!.body)).toEqual([
      body,
      body,
    ]);

    writeFileSync(path.join(dir, placed), text);
    const fixed = await runAction(dir, { ...inputs(first!.url), comment: 'false' }, EVENT, runner);
    expect(fixed.code, fixed.stdout).toBe(0);
    expect(fixed.outputs.result).toBe('pass');
  });

  it('generate: true with no artifact service still shows the proposal, says the upload failed, and keeps the verdict; no drift, no proposal', async () => {
    const dir = todoboxVariant('outage');
    const { 'database-url': _url, ...containers } = inputs(first!.url);
    // its own container: the proposal is proven on it while it is up, not on a second one
    const run = await runAction(
      dir,
      { ...containers, 'mysql-image': first!.image, comment: 'false', generate: 'true' },
      EVENT,
      { GITHUB_JOB: 'gate' },
    );
    expect(run.stdout.match(/container [0-9a-f]{12} is up/g)).toHaveLength(1);
    // two runs of the chain on it: the check's, and the proof's; the chain's end and the model are the check's
    expect(run.stdout.match(/^server: /gm)).toHaveLength(2);
    expect(run.stdout).toContain(`::group::Generate the migration that closes the drift`);
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toMatch(
      /::warning::migration-gate could not upload the proposed migration as an artifact \(.*ACTIONS_RUNTIME_TOKEN/,
    );
    expect(run.summary).toContain('#### 🛠️ A migration that closes the drift');
    expect(run.summary).toContain(`Commit it as <code>${run.outputs.migration}</code>.`);

    const clean = await runAction(
      projectCopy(TODOBOX),
      { ...inputs(first!.url), comment: 'false', generate: 'true' },
      EVENT,
    );
    expect(clean.code, clean.stdout).toBe(0);
    expect(clean.outputs.migration).toBeUndefined();
    expect(clean.summary).not.toContain('🛠️');
  });
});
