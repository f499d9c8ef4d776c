/**
 * Finds lines in model source text. Pure text search: good enough to put an annotation on the line a
 * reader would look at, and null rather than a wrong line when nothing matches.
 */

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The line of the first pattern that matches anywhere, nearest to `near` when several lines match. */
function firstLine(text: string, patterns: RegExp[], near = 1): number | null {
  const lines = text.split('\n');
  for (const pattern of patterns) {
    const matches = lines.flatMap((line, i) => (pattern.test(line) ? [i + 1] : []));
    if (matches.length > 0)
      return matches.reduce((best, line) => (Math.abs(line - near) < Math.abs(best - near) ? line : best));
  }
  return null;
}

/** The line defining a table: `define('User'`, `tableName: 'users'`, `class User`, `CREATE TABLE users`. */
export function locateTable(text: string, names: string[]): number | null {
  const alternatives = names.map(escape).join('|');
  return firstLine(text, [
    new RegExp(`tableName\\s*:\\s*['"\`](${alternatives})['"\`]`),
    new RegExp(`\\.define\\(\\s*['"\`](${alternatives})['"\`]`),
    new RegExp(`create\\s+table\\s+(if\\s+not\\s+exists\\s+)?[\`"]?(${alternatives})[\`"]?[\\s(]`, 'i'),
    new RegExp(`modelName\\s*:\\s*['"\`](${alternatives})['"\`]`),
    new RegExp(`class\\s+(${alternatives})\\b`),
    // SQLAlchemy: a class mapped to another name
    new RegExp(`__tablename__\\s*=\\s*['"](${alternatives})['"]`),
    // a snapshot file: `"users": {`
    new RegExp(`^\\s*"(${alternatives})"\\s*:\\s*\\{`),
    new RegExp(`@Table\\b`),
  ]);
}

/**
 * The line declaring a column or index `name` in a model: an object key (`api_token:`, `'api_token':`),
 * a `field: 'api_token'`, an index `name: 'ix_user_api_token'`, a decorated class property, or a line of
 * a CREATE TABLE that starts with the name. Where several lines match, the one nearest the table's own
 * line, for files that define several tables.
 */
export function locateMember(text: string, names: string[], near: number | null): number | null {
  const alternatives = names.map(escape).join('|');
  return firstLine(
    text,
    [
      new RegExp(`^\\s*['"\`]?(${alternatives})['"\`]?\\s*[:?!]`),
      new RegExp(`(field|name)\\s*:\\s*['"\`](${alternatives})['"\`]`),
      new RegExp(`"name"\\s*:\\s*"(${alternatives})"`),
      new RegExp(`^\\s*(declare\\s+|public\\s+|readonly\\s+)*(${alternatives})\\s*[!?]?\\s*[:;]`),
      new RegExp(`^\\s*[\`"]?(${alternatives})[\`"]?\\s+\\w`, 'i'),
      new RegExp(`(key|index|constraint)\\s+[\`"]?(${alternatives})[\`"]?`, 'i'),
      // a Python class attribute: `api_token = db.Column(…)`
      new RegExp(`^\\s*(${alternatives})\\s*=`),
      new RegExp(`['"\`](${alternatives})['"\`]`),
    ],
    near ?? 1,
  );
}
