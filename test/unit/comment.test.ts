import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { upsertComment } from '../../src/github/comment.js';
import { COMMENT_LIMIT, commentBody, commentMarker, resolvedBody } from '../../src/report/comment.js';
import type { LiveReport, Proposal } from '../../src/result.js';
import { VERSION } from '../../src/version.js';
import { aFinding, aResult, aStepReport, CWD, PASSING } from './results.js';

const TOKEN = 'ghs_notARealTokenButLongEnough123';
const MARKER = commentMarker('check', 'mysql');

/** One request the stand-in API received. */
interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

type Answer = (request: Recorded) => { status: number; body: unknown };

let server: Server | null = null;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = null;
});

/** A local HTTP server standing in for the GitHub API: it records every request and answers with `answer`. */
async function api(answer: Answer): Promise<{ url: string; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const recorded = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: text ? JSON.parse(text) : null,
      };
      requests.push(recorded);
      const { status, body } = answer(recorded);
      response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests };
}

function comment(id: number, body: string) {
  return { id, body, html_url: `https://github.com/o/r/pull/7#issuecomment-${id}` };
}

function others(count: number, from = 1) {
  return Array.from({ length: count }, (_, i) => comment(from + i, `a reviewer's comment ${from + i}`));
}

/** The comments of the pull request, pages of 100, and the write's answer. */
function thread(
  comments: ReturnType<typeof comment>[],
  write: { status: number; body: unknown } | null = null,
): Answer {
  return ({ method, url }) => {
    if (method !== 'GET') return write ?? { status: method === 'POST' ? 201 : 200, body: comment(999, 'written') };
    const page = Number(new URL(url, 'http://x').searchParams.get('page'));
    return { status: 200, body: comments.slice((page - 1) * 100, page * 100) };
  };
}

const base = { token: TOKEN, repository: 'o/r', pullNumber: 7, marker: MARKER };

describe('upsertComment', () => {
  it('creates the comment when none carries the marker, reading every page first', async () => {
    const server = await api(thread([...others(100), ...others(3, 101)]));
    const outcome = await upsertComment({ ...base, apiUrl: server.url, body: `${MARKER}\nfailed` });
    expect(outcome).toEqual({ action: 'created', url: 'https://github.com/o/r/pull/7#issuecomment-999' });
    expect(server.requests.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'GET /repos/o/r/issues/7/comments?per_page=100&page=1',
      'GET /repos/o/r/issues/7/comments?per_page=100&page=2',
      'POST /repos/o/r/issues/7/comments',
    ]);
    expect(server.requests[2]?.body).toEqual({ body: `${MARKER}\nfailed` });
  });

  it('sends the token, the media type, the API version and a user agent on every request', async () => {
    const server = await api(thread(others(2)));
    await upsertComment({ ...base, apiUrl: server.url, body: `${MARKER}\nfailed` });
    expect(server.requests).toHaveLength(2);
    for (const { headers } of server.requests)
      expect(headers).toMatchObject({
        authorization: `Bearer ${TOKEN}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'migration-gate',
      });
    expect(server.requests[1]?.headers['content-type']).toBe('application/json');
  });

  it('updates the comment that carries the marker in place, and stops reading pages once found', async () => {
    const server = await api(
      thread([...others(50), comment(4242, `${MARKER}\nold`), ...others(49, 51), ...others(5, 100)]),
    );
    const outcome = await upsertComment({ ...base, apiUrl: server.url, body: `${MARKER}\nnew` });
    expect(outcome).toEqual({ action: 'updated', url: 'https://github.com/o/r/pull/7#issuecomment-999' });
    expect(server.requests.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'GET /repos/o/r/issues/7/comments?per_page=100&page=1',
      'PATCH /repos/o/r/issues/comments/4242',
    ]);
    expect(server.requests[1]?.body).toEqual({ body: `${MARKER}\nnew` });
  });

  it("tells one job's and engine's comment from another's", async () => {
    const mariadb = comment(5, `${commentMarker('check', 'mariadb')}\nfailed`);
    const server = await api(thread([mariadb]));
    const outcome = await upsertComment({ ...base, apiUrl: server.url, body: `${MARKER}\nfailed` });
    expect(outcome.action).toBe('created');
    expect(server.requests.at(-1)?.method).toBe('POST');
  });

  it('leaves a comment that already says the same untouched', async () => {
    const server = await api(thread([comment(4242, `${MARKER}\nsame`)]));
    const outcome = await upsertComment({ ...base, apiUrl: server.url, body: `${MARKER}\nsame` });
    expect(outcome).toEqual({ action: 'updated', url: 'https://github.com/o/r/pull/7#issuecomment-4242' });
    expect(server.requests.map(({ method }) => method)).toEqual(['GET']);
  });

  it('marks the comment resolved when the gate passes again, keeping the marker', async () => {
    const previous = `${MARKER}\n### ❌ migration-gate failed: 1 error(s), 0 warning(s)`;
    const server = await api(thread([...others(3), comment(4242, previous)]));
    const outcome = await upsertComment({ ...base, apiUrl: server.url, body: null });
    expect(outcome.action).toBe('resolved');
    expect(server.requests.at(-1)).toMatchObject({
      method: 'PATCH',
      url: '/repos/o/r/issues/comments/4242',
      body: { body: resolvedBody(MARKER, previous) },
    });
    const body = (server.requests.at(-1)?.body as { body: string }).body;
    expect(body.startsWith(`${MARKER}\n### ✅ resolved: migration-gate passes now`)).toBe(true);
  });

  it('posts nothing when the gate passes and there is no comment', async () => {
    const server = await api(thread(others(3)));
    const outcome = await upsertComment({ ...base, apiUrl: server.url, body: null });
    expect(outcome).toEqual({ action: 'none', url: null });
    expect(server.requests.map(({ method }) => method)).toEqual(['GET']);
  });

  it('resolves to forbidden when the token may not write (403 on create, 404 on update)', async () => {
    const refused = { status: 403, body: { message: 'Resource not accessible by integration' } };
    const create = await api(thread(others(1), refused));
    expect(await upsertComment({ ...base, apiUrl: create.url, body: `${MARKER}\nx` })).toEqual({
      action: 'forbidden',
      url: null,
    });
    await new Promise((resolve) => server?.close(resolve));
    const update = await api(
      thread([comment(4242, `${MARKER}\nold`)], { status: 404, body: { message: 'Not Found' } }),
    );
    expect(await upsertComment({ ...base, apiUrl: update.url, body: `${MARKER}\nnew` })).toEqual({
      action: 'forbidden',
      url: null,
    });
    expect(update.requests.at(-1)?.method).toBe('PATCH');
  });

  it("throws on another status, naming the method, path, status and the API's message, never the token", async () => {
    const failure = { status: 500, body: { message: `Server Error while checking ${TOKEN}` } };
    const server = await api(thread(others(1), failure));
    const error = await upsertComment({ ...base, apiUrl: server.url, body: `${MARKER}\nx` }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain('POST /repos/o/r/issues/7/comments answered 500: Server Error while checking');
    expect(message).not.toContain(TOKEN);
  });

  it('throws when reading the comments fails: a 404 there is a wrong repository, not a read-only token', async () => {
    const server = await api(() => ({ status: 404, body: { message: 'Not Found' } }));
    await expect(upsertComment({ ...base, apiUrl: server.url, body: `${MARKER}\nx` })).rejects.toThrow(
      'GET /repos/o/r/issues/7/comments?per_page=100&page=1 answered 404: Not Found',
    );
  });

  it("honours a GitHub Enterprise Server API URL's path, with or without a trailing slash", async () => {
    const server = await api(thread([comment(4242, `${MARKER}\nold`)]));
    await upsertComment({ ...base, apiUrl: `${server.url}/api/v3/`, body: `${MARKER}\nnew` });
    await upsertComment({ ...base, apiUrl: `${server.url}/api/v3`, body: null });
    expect(server.requests.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'GET /api/v3/repos/o/r/issues/7/comments?per_page=100&page=1',
      'PATCH /api/v3/repos/o/r/issues/comments/4242',
      'GET /api/v3/repos/o/r/issues/7/comments?per_page=100&page=1',
      'PATCH /api/v3/repos/o/r/issues/comments/4242',
    ]);
  });

  it('uses the fetch it is given', async () => {
    const server = await api(thread([]));
    const seen: string[] = [];
    const counting: typeof fetch = (input, init) => {
      seen.push(`${init?.method} ${String(input)}`);
      return fetch(input, init);
    };
    await upsertComment({ ...base, apiUrl: server.url, body: null, fetch: counting });
    expect(seen).toEqual([`GET ${server.url}/repos/o/r/issues/7/comments?per_page=100&page=1`]);
  });

  it('names the request when the API cannot be reached', async () => {
    const { url } = await api(thread([]));
    await new Promise((resolve) => server?.close(resolve));
    await expect(upsertComment({ ...base, apiUrl: url, body: null })).rejects.toThrow(
      'GitHub API GET /repos/o/r/issues/7/comments?per_page=100&page=1 failed: fetch failed',
    );
  });

  it('refuses a repository that is not owner/name before any request', async () => {
    const server = await api(thread([]));
    await expect(upsertComment({ ...base, repository: 'o', apiUrl: server.url, body: null })).rejects.toThrow(
      'owner/name',
    );
    expect(server.requests).toEqual([]);
  });
});

describe('commentMarker', () => {
  it('is a hidden HTML comment naming the job and the engine', () => {
    expect(commentMarker('check', 'mariadb')).toBe('<!-- migration-gate:check:mariadb -->');
  });

  it('cannot be closed early by a --> in a name', () => {
    const marker = commentMarker('a-->b', 'mysql');
    expect(marker.indexOf('-->')).toBe(marker.length - 3);
  });
});

describe('commentBody', () => {
  const failing = commentBody(aResult(), CWD, MARKER);
  const lines = failing.split('\n');

  it('starts with the marker, then the verdict with the counts', () => {
    expect(lines[0]).toBe(MARKER);
    expect(lines[1]).toBe('### ❌ migration-gate failed: 3 error(s), 1 warning(s)');
    expect(commentBody(PASSING, CWD, MARKER).split('\n')[1]).toBe(
      '### ✅ migration-gate passed: 0 error(s), 1 warning(s)',
    );
  });

  it('says live for a live result', () => {
    expect(commentBody(aResult({ live: aLiveReport() }), CWD, MARKER).split('\n')[1]).toBe(
      '### ❌ migration-gate live failed: 3 error(s), 1 warning(s)',
    );
  });

  it('lists every finding with its severity, kind, place relative to the root, and message', () => {
    expect(failing).toContain('| severity | kind | where | message |');
    expect(lines).toContain(
      '| ❌ error | down-mismatch | `migrations/002-add-token.js:12` | down of 002-add-token.js does not restore the schema |',
    );
    expect(lines).toContain('| ⚠️ warning | name-only | `migrations/002-add-token.js` | index renamed |');
    expect(lines).toContain(
      '| ❌ error | drift | `models/user.js:7` | user.api_token type: model varchar(64), migrations varchar(32) |',
    );
    expect(lines).toContain('| ❌ error | irreversible |  | 003-no-down.js has no down |');
  });

  it('lists the findings the annotations leave out, and says so', () => {
    const findings = Array.from({ length: 25 }, (_, i) => aFinding({ message: `error ${i}` }));
    const body = commentBody(aResult({ findings }), CWD, MARKER);
    expect(body).toContain('15 of them are not annotated on the diff: annotations stop at 10 per severity.');
    for (let i = 0; i < 25; i++) expect(body).toContain(`| error ${i} |`);
    expect(failing).not.toContain('not annotated');
  });

  it('escapes what would break a table cell', () => {
    const body = commentBody(aResult({ findings: [aFinding({ message: 'a | b <c>\nd' })] }), CWD, MARKER);
    expect(body).toContain('| a \\| b &lt;c&gt;<br>d |');
  });

  it('shows only the steps that did not go ok, and counts the ok ones', () => {
    expect(failing).toContain('#### Chain: 1 of 3 steps ok');
    expect(lines).toContain('| 2 | `002-add-token.js` | ✅ | ❌ mismatch | – |');
    expect(lines).toContain('| 3 | `003-no-down.js` | ✅ | ❌ no down | – |');
    expect(failing).not.toContain('001-create-user.js');
  });

  it('counts a step whose later phases were skipped as ok', () => {
    const steps = [
      aStepReport('001-a.js', 'ok', 'skipped', 'skipped'),
      aStepReport('002-b.js', 'failed', 'skipped', 'skipped'),
    ];
    const body = commentBody(aResult({ steps }), CWD, MARKER);
    expect(body).toContain('#### Chain: 1 of 2 steps ok');
    expect(body).toContain('| 2 | `002-b.js` | ❌ failed | – | – |');
    expect(body).not.toContain('001-a.js');
  });

  it('names what was not checked', () => {
    const result = aResult();
    result.coverage = { ...result.coverage, gaps: ['the model was not compared'] };
    expect(commentBody(result, CWD, MARKER)).toContain('> ⚠️ **Not checked:** the model was not compared.');
    expect(failing).not.toContain('Not checked');
  });

  it("ends with the gate's version", () => {
    expect(lines.at(-1)).toContain(`migration-gate ${VERSION}`);
  });

  it("stays within GitHub's size limit, saying how many findings it left out", () => {
    const findings = Array.from({ length: 5_000 }, (_, i) =>
      aFinding({ message: `finding ${i} ${'x'.repeat(80)}`, file: `${CWD}/migrations/${i}.js` }),
    );
    const body = commentBody(aResult({ findings }), CWD, MARKER);
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body.length).toBeGreaterThan(COMMENT_LIMIT - 2_000);
    const rows = body.split('\n').filter((line) => line.startsWith('| ❌ error |'));
    expect(rows[0]).toContain('finding 0 ');
    expect(rows.at(-1)).toContain(`finding ${rows.length - 1} `);
    expect(body).toContain(
      `${5_000 - rows.length} more finding(s) left out to keep this comment within GitHub's size limit: the job summary lists them all.`,
    );
    expect(body).toContain('#### Chain: 1 of 3 steps ok');
    expect(body.split('\n').at(-1)).toContain(`migration-gate ${VERSION}`);
    expect(failing).not.toContain('left out');
  });

  it('stays within the limit with thousands of failed steps as well', () => {
    const steps = Array.from({ length: 3_000 }, (_, i) => aStepReport(`${i}-step.js`, 'ok', 'irreversible', 'skipped'));
    const findings = Array.from({ length: 3_000 }, (_, i) => aFinding({ message: `finding ${i} ${'x'.repeat(80)}` }));
    const body = commentBody(aResult({ steps, findings }), CWD, MARKER);
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toMatch(/\d+ more step\(s\) that did not go ok left out/);
    expect(body).toMatch(/\d+ more finding\(s\) left out/);
  });
});

describe('the proposed migration (generate: true)', () => {
  const proposal = (overrides: Partial<Proposal> = {}): Proposal => ({
    outcome: 'printed',
    server: 'MySQL 8.4.3',
    files: [{ file: 'migrations/20261201-add-api-token.js', text: "await q.addColumn('user', 'api_token');\n" }],
    review: [],
    skipped: [],
    problems: [],
    notes: [],
    artifact: 'https://github.com/o/r/actions/runs/1/artifacts/2',
    ...overrides,
  });
  const body = (given: Proposal) => commentBody(aResult({ proposal: given }), CWD, MARKER);

  it('shows the file to commit, where it goes, with its download, after the findings and before the chain', () => {
    const text = body(
      proposal({ review: ['rows <may> break it'], skipped: ['drop column user.old: it destroys data'] }),
    );
    expect(text).toContain(
      'Proven on MySQL 8.4.3: with it the chain replays up, down and up and ends where the model is. Commit it as <code>migrations/20261201-add-api-token.js</code> ([download](https://github.com/o/r/actions/runs/1/artifacts/2)).',
    );
    expect(text).toContain(
      "<details open><summary><code>migrations/20261201-add-api-token.js</code></summary>\n\n```js\nawait q.addColumn('user', 'api_token');\n```\n",
    );
    expect(text).toContain('- rows &lt;may&gt; break it');
    expect(text).toContain('- drop column user.old: it destroys data');
    const [findings, proposed, chain] = ['#### Findings', '#### 🛠️', '#### Chain'].map((heading) =>
      text.indexOf(heading),
    );
    expect(findings).toBeLessThan(proposed!);
    expect(proposed).toBeLessThan(chain!);
  });

  it('fences a file that holds backticks with a longer fence, and names a file too long for the page', () => {
    const ticks = body(proposal({ files: [{ file: 'migrations/0003_x.up.sql', text: 'SELECT ```;\n' }] }));
    expect(ticks).toContain('````sql\nSELECT ```;\n````');
    const long = body(proposal({ files: [{ file: 'migrations/big.js', text: 'x'.repeat(40_000) }] }));
    expect(long.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(long).not.toContain('x'.repeat(1_000));
    expect(long).toContain('The file is too long for this page: download it above.');
  });

  it('keeps its lists short, and takes from a report read back only a link to an artifact', () => {
    const many = Array.from({ length: 500 }, (_, i) => `drift: user.c${i} ${'x'.repeat(2_000)}`);
    const unproven = body(proposal({ outcome: 'unproven', problems: many }));
    expect(unproven.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(unproven).toContain('- … and 480 more (`migration-gate generate --dry-run` lists them all)');
    expect(unproven).toContain(`- drift: user.c19 ${'x'.repeat(484)}…\n`);
    const forged = body(
      proposal({ artifact: 'javascript:alert(1)', files: [{ file: 'migrations/a`b.js', text: 'x' }] }),
    );
    expect(forged).not.toContain('javascript:');
    expect(forged).not.toContain('download');
    expect(forged).toContain('Commit it as <code>migrations/a&#96;b.js</code>.');
  });

  it('says why there is none: every change destructive, or the chain with it did not pass', () => {
    expect(body(proposal({ outcome: 'skipped', files: [], skipped: ['drop table old'] }))).toContain(
      '#### 🛠️ No migration proposed\n\nEvery change that closes the drift is destructive.',
    );
    const unproven = body(proposal({ outcome: 'unproven', problems: ['migration-error: refused'] }));
    expect(unproven).toContain('but the chain with it did not pass on MySQL 8.4.3:\n\n- migration-error: refused');
    expect(unproven).not.toContain('<details open>');
  });
});

describe('resolvedBody', () => {
  const previous = commentBody(aResult(), CWD, MARKER);

  it('says the gate passes now, keeps the marker first, and folds away what it said before', () => {
    const body = resolvedBody(MARKER, previous);
    expect(body.split('\n').slice(0, 2)).toEqual([MARKER, '### ✅ resolved: migration-gate passes now']);
    expect(body).toContain('<details><summary>What it reported before</summary>');
    expect(body).toContain('### ❌ migration-gate failed: 3 error(s), 1 warning(s)');
    expect(body.split(MARKER)).toHaveLength(2);
  });

  it('is the same text when resolved again, so that nothing nests', () => {
    const once = resolvedBody(MARKER, previous);
    expect(resolvedBody(MARKER, once)).toBe(once);
  });

  it('is the heading alone without a previous body', () => {
    expect(resolvedBody(MARKER)).toBe(`${MARKER}\n### ✅ resolved: migration-gate passes now`);
  });
});

function aLiveReport(): LiveReport {
  return {
    database: 'reader@db.internal:3306/app',
    server: aResult().server.flavor,
    tables: 2,
    views: 0,
    recorded: 1,
    newest: '001-create-user.js',
    pending: ['002-add-token.js'],
    missing: [],
    state: null,
    deploy: { steps: 1, ran: true, failed: null, ms: 10 },
    reads: { roundTrips: 2, ms: 5 },
  };
}
