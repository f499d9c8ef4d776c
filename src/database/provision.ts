import { randomBytes } from 'node:crypto';
import { MySqlContainer, type StartedMySqlContainer } from '@testcontainers/mysql';
import { Wait } from 'testcontainers';
import { InfraError, type Message } from '../errors.js';
import { cleanupOnSignal } from './cleanup.js';
import { connectWhenReady, openServer, type Credentials, type Server } from './server.js';
import { DATA_DIRECTORY, THROWAWAY_SERVER_OPTIONS } from './tuning.js';

export interface ProvisionOptions {
  /** Use this server instead of starting a container. */
  credentials: Credentials | null;
  image: string;
  /** Start with the image's defaults (data on disk, no tuning), for the benchmark's comparison. */
  untuned?: boolean;
  log?: (message: string) => void;
}

const STARTUP_TIMEOUT_MS = 180_000;

/** A server to run on: the one `credentials` name, or a throwaway container that is removed on dispose. */
export async function provision(options: ProvisionOptions): Promise<Server> {
  return options.credentials ? useExisting(options.credentials, options.log) : startContainer(options);
}

async function useExisting(credentials: Credentials, log?: (message: string) => void): Promise<Server> {
  const admin = await connectWhenReady(credentials, 10_000, log);
  return openServer(credentials, admin, `${credentials.host}:${credentials.port}`, async () => {});
}

async function startContainer(options: ProvisionOptions): Promise<Server> {
  // Random per run, and masked in the action's logs.
  const password = randomBytes(12).toString('hex');
  const container = new MySqlContainer(options.image)
    .withRootPassword(password)
    .withUserPassword(password)
    .withStartupTimeout(STARTUP_TIMEOUT_MS)
    // The default wait (listening ports) runs `docker exec` in the container over and over while the server
    // initialises: 2 s more on a 5.5 s MySQL 9.7 start, and two starts side by side (MySQL 9.7, MariaDB
    // 11.8, 2 cores) took the time of both. What a server logs once it listens (MySQL on the line of "ready
    // for connections", MariaDB on the line after; the official images' temporary server during
    // initialisation has no network, `port: 0`) costs nothing to wait for, and connectWhenReady below
    // waits for the server itself.
    .withWaitStrategy(Wait.forLogMessage(/ port: 3306\s/))
    .withLabels({ 'org.migration-gate': 'throwaway' });
  if (!options.untuned) container.withTmpFs({ [DATA_DIRECTORY]: 'rw' }).withCommand([...THROWAWAY_SERVER_OPTIONS]);
  options.log?.(`starting ${options.image} (pulled first where this machine does not have it)`);
  const starting = container.start();
  const stop = async () => {
    const started = await starting.catch(() => null);
    await started?.stop({ timeout: 0 }).catch(() => {});
  };
  const unregister = cleanupOnSignal(stop);
  let started: StartedMySqlContainer;
  try {
    started = await starting;
  } catch (error) {
    unregister();
    throw new InfraError(startFailure(options.image, error), { cause: error });
  }
  options.log?.(`container ${started.getId().slice(0, 12)} is up; waiting for the server to accept connections`);
  try {
    const credentials = { host: started.getHost(), port: started.getPort(), user: 'root', password };
    const admin = await connectWhenReady(credentials, STARTUP_TIMEOUT_MS, options.log);
    return await openServer(
      credentials,
      admin,
      options.image,
      async () => {
        unregister();
        await stop();
      },
      () => lastLines(started),
    );
  } catch (error) {
    unregister();
    await stop();
    throw error;
  }
}

function startFailure(image: string, error: unknown): Message {
  const message = error instanceof Error ? error.message : String(error);
  if (/container runtime strategy|docker.*(socket|daemon)|ENOENT.*docker\.sock|connect ECONNREFUSED/i.test(message))
    return (name) =>
      `Docker is not available (${message.split('\n')[0]}). Start Docker, or pass ${name.databaseUrl} to use an existing MySQL server.`;
  if (/pull|not found|manifest|no such image|getaddrinfo|registry|\/v2\//i.test(message))
    return (name) =>
      `cannot get image ${image}: ${message.split('\n')[0]}. Check ${name.mysqlImage}, or pull the image first.`;
  return `cannot start image ${image}: ${message.split('\n')[0]}`;
}

/** The last lines the container logged, for a server that stopped under the gate. */
async function lastLines(container: StartedMySqlContainer): Promise<string | null> {
  try {
    const stream = await container.logs({ tail: 12 });
    const chunks: string[] = [];
    await new Promise<void>((resolve) => {
      stream.on('data', (chunk: Buffer | string) => chunks.push(String(chunk)));
      stream.on('end', resolve);
      stream.on('error', () => resolve());
      setTimeout(resolve, 2_000).unref();
    });
    return chunks.join('').trim() || null;
  } catch {
    return null;
  }
}
