import type { Config } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { sameMigration } from './names.js';

/**
 * How many steps stay applied through the down pass: up to and including --minimum-downgrade. Also checks
 * that every migration named in --irreversible is one of the chain's.
 */
export function stepsKept(
  entries: { name: string }[],
  config: Pick<Config, 'irreversible' | 'minimumDowngrade'>,
): number {
  for (const waiver of config.irreversible)
    if (!entries.some((entry) => sameMigration(waiver.migration, entry.name)))
      throw new ConfigError((name) => `${name.irreversible} ${waiver.migration} is not a migration of the chain`, {
        option: 'irreversible',
      });
  const name = config.minimumDowngrade;
  if (name === null) return 0;
  const index = entries.findIndex((entry) => sameMigration(name, entry.name));
  if (index === -1)
    throw new ConfigError((names) => `${names.minimumDowngrade} ${name} is not a migration of the chain`, {
      option: 'minimumDowngrade',
    });
  return index + 1;
}
