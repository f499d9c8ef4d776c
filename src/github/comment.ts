import { resolvedBody } from '../report/comment.js';

export interface UpsertOptions {
  /** GITHUB_API_URL: https://api.github.com, or https://host/api/v3 on GitHub Enterprise Server. */
  apiUrl: string;
  token: string;
  /** owner/name. */
  repository: string;
  pullNumber: number;
  /** The hidden line that tells the gate's comment from the others (`commentMarker`). */
  marker: string;
  /** The comment; null when the gate passed: a comment that exists is marked resolved, else none is posted. */
  body: string | null;
  fetch?: typeof fetch;
}

export interface UpsertOutcome {
  /** forbidden: the token may not write, as on a pull request from a fork, whose token is read-only. */
  action: 'created' | 'updated' | 'resolved' | 'none' | 'forbidden';
  url: string | null;
}

interface IssueComment {
  id: number;
  body?: string | null;
  html_url: string;
}

const PAGE_SIZE = 100;

/** A stalled API must not hold the job until its own timeout. */
const REQUEST_TIMEOUT_MS = 30_000;

/** What a token that may not write gets: a fork's pull request runs with a read-only one. */
const REFUSED = [403, 404];

/** Posts the gate's comment on a pull request, or updates the one it posted before, found by its marker. */
export async function upsertComment(options: UpsertOptions): Promise<UpsertOutcome> {
  const api = client(options);
  const issues = `/repos/${repoPath(options.repository)}/issues`;
  const thread = `${issues}/${options.pullNumber}/comments`;
  const existing = await findComment(api, thread, options.marker);
  if (options.body === null && !existing) return { action: 'none', url: null };
  const body = options.body ?? resolvedBody(options.marker, existing?.body ?? undefined);
  const action = options.body === null ? 'resolved' : existing ? 'updated' : 'created';
  // Already what it would become: no needless edit, and no write for a read-only token to refuse.
  if (existing && existing.body === body) return { action, url: existing.html_url };
  const response = existing
    ? await api('PATCH', `${issues}/comments/${existing.id}`, { body }, REFUSED)
    : await api('POST', thread, { body }, REFUSED);
  if (REFUSED.includes(response.status)) return { action: 'forbidden', url: null };
  return { action, url: ((await response.json()) as IssueComment).html_url };
}

function repoPath(repository: string): string {
  const parts = repository.split('/');
  if (parts.length !== 2 || parts.some((part) => part === ''))
    throw new Error(`The repository must be owner/name, not ${JSON.stringify(repository)}`);
  return parts.map(encodeURIComponent).join('/');
}

/** The first comment that carries the marker, reading every page of the pull request's comments. */
async function findComment(api: Api, path: string, marker: string): Promise<IssueComment | null> {
  for (let page = 1; ; page++) {
    const response = await api('GET', `${path}?per_page=${PAGE_SIZE}&page=${page}`);
    const comments = (await response.json()) as IssueComment[];
    const found = comments.find((comment) => comment.body?.includes(marker));
    if (found) return found;
    if (comments.length < PAGE_SIZE) return null;
  }
}

/** One request to the API; a status other than 2xx and the `allowed` ones throws. */
type Api = (method: string, path: string, payload?: unknown, allowed?: number[]) => Promise<Response>;

function client(options: UpsertOptions): Api {
  const base = options.apiUrl.replace(/\/+$/, '');
  const fetcher = options.fetch ?? fetch;
  return async (method, path, payload, allowed = []) => {
    const response = await fetcher(`${base}${path}`, {
      method,
      headers: headers(options.token, payload !== undefined),
      body: payload === undefined ? undefined : JSON.stringify(payload),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    }).catch((error: unknown) => {
      // fetch says only "fetch failed": the log should say which request.
      throw new Error(`GitHub API ${method} ${path} failed: ${(error as Error).message}`, { cause: error });
    });
    if (response.ok || allowed.includes(response.status)) return response;
    throw new Error(
      `GitHub API ${method} ${path} answered ${response.status}: ${await apiMessage(response, options.token)}`,
    );
  };
}

function headers(token: string, json: boolean): Record<string, string> {
  return {
    Authorization: `Bearer ${token}`,
    Accept: 'application/vnd.github+json',
    'X-GitHub-Api-Version': '2022-11-28',
    'User-Agent': 'migration-gate',
    ...(json ? { 'Content-Type': 'application/json' } : {}),
  };
}

/**
 * The `message` of the API's error body, or its text. Whatever the server echoes, the token is blanked
 * out: the message ends up in the job log, which on a public repository anyone can read.
 */
async function apiMessage(response: Response, token: string): Promise<string> {
  const text = await response.text().catch(() => '');
  let message = text.slice(0, 500) || response.statusText;
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === 'string') message = parsed.message;
  } catch {
    // Not JSON (a proxy's HTML page): its text is the message.
  }
  return token ? message.split(token).join('***') : message;
}
