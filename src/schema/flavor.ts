import type { Flavor } from './types.js';

/**
 * Reads flavor and version from the server's own `SELECT VERSION()`, e.g. `8.4.3`, `9.7.4-2`,
 * `10.11.18-MariaDB-0+deb12u1`, `5.5.5-10.6.12-MariaDB-log` (the 5.5.5- prefix is what MariaDB sends
 * over the protocol to old clients).
 */
export function parseFlavor(version: string): Flavor {
  const raw = version.trim();
  const isMariaDb = /mariadb/i.test(raw);
  const numbers = raw.replace(/^5\.5\.5-/, '').match(/^(\d+)\.(\d+)\.(\d+)/);
  if (!numbers) throw new Error(`unrecognised server version "${raw}"`);
  return {
    kind: isMariaDb ? 'mariadb' : 'mysql',
    version: [Number(numbers[1]), Number(numbers[2]), Number(numbers[3])],
    raw,
  };
}

export function isMariaDb(flavor: Flavor): boolean {
  return flavor.kind === 'mariadb';
}

/** True when the server is at least the given version (of its own flavor). */
export function atLeast(flavor: Flavor, major: number, minor = 0, patch = 0): boolean {
  const [a, b, c] = flavor.version;
  return a !== major ? a > major : b !== minor ? b > minor : c >= patch;
}

export function describeFlavor(flavor: Flavor): string {
  return `${flavor.kind === 'mariadb' ? 'MariaDB' : 'MySQL'} ${flavor.version.join('.')}`;
}
