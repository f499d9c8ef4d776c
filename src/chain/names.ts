/** A migration is named with or without its extension: `20240101-add-x` or `20240101-add-x.js`. */
export function sameMigration(given: string, name: string | null): boolean {
  if (name === null) return false;
  return given === name || given === migrationKey(name);
}

/**
 * A migration's name without its extension, as a database's record and a file are matched: umzug records
 * `x.js` where the project compiled `x.ts`, and sequelize-cli the file name, others the bare name.
 */
export function migrationKey(name: string): string {
  return name.replace(/(\.up)?\.(sql|[cm]?[jt]s)$/, '');
}
