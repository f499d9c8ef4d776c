/** A migration is named with or without its extension: `20240101-add-x` or `20240101-add-x.js`. */
export function sameMigration(given: string, name: string | null): boolean {
  if (name === null) return false;
  return given === name || given === name.replace(/(\.up)?\.(sql|[cm]?[jt]s)$/, '');
}
