import type { TestProject } from 'vitest/node';
import { provision } from '../../src/database/provision.js';
import type { Server } from '../../src/database/server.js';
import { testImages, type TestServer } from './images.js';

const started: Server[] = [];

/**
 * Starts one server per image in MIGRATION_GATE_TEST_IMAGES for the whole run; tests reach it with
 * --database-url, each check in scratch schemas of its own, as a workflow `services:` container would be
 * used. Tests of the container life cycle start their own.
 */
export async function setup(project: TestProject): Promise<void> {
  const images = testImages();
  const servers: TestServer[] = await Promise.all(
    images.map(async (image) => {
      const server = await provision({ credentials: null, image });
      started.push(server);
      const { host, port, user, password } = server.credentials;
      return { image, url: `mysql://${user}:${password}@${host}:${port}`, flavor: server.flavor.kind };
    }),
  );
  project.provide('servers', servers);
}

export async function teardown(): Promise<void> {
  await Promise.allSettled(started.map((server) => server[Symbol.asyncDispose]()));
}

declare module 'vitest' {
  export interface ProvidedContext {
    servers: TestServer[];
  }
}
