/**
 * Server options for a throwaway server whose data nobody keeps. The flavor is unknown until the server
 * answers, so every option must start both MySQL and MariaDB: options one of them lacks carry the
 * `loose-` prefix, which makes the other ignore them with a warning instead of refusing to start.
 */
export const THROWAWAY_SERVER_OPTIONS = [
  // Binary logging is on by default in MySQL 8+; nothing here replicates.
  '--loose-skip-log-bin',
  '--loose-disable-log-bin',
  // Durability: a crash loses a throwaway server anyway, so skip the flushes every DDL statement waits on.
  '--innodb-flush-log-at-trx-commit=0',
  '--sync-binlog=0',
  '--loose-innodb-doublewrite=0',
  // Every CREATE/ALTER otherwise writes persistent statistics rows for the new table.
  '--loose-innodb-stats-persistent=0',
  // Saves memory and start-up time; nothing reads performance_schema.
  '--performance-schema=OFF',
  '--skip-name-resolve',
  // The data directory is a tmpfs, which does not support native AIO or O_DIRECT.
  '--loose-innodb-use-native-aio=0',
] as const;

/** Mounted as tmpfs: the data directory lives in memory. */
export const DATA_DIRECTORY = '/var/lib/mysql';
