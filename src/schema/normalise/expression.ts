/**
 * Canonical spelling of SQL expressions (defaults, generated columns, checks, functional indexes), so
 * that the same expression reads the same from every server: MySQL prints `CURRENT_TIMESTAMP(3)` and
 * charset introducers with escaped quotes (`_utf8mb4\'-\'`), MariaDB prints `current_timestamp(3)` and
 * plain quotes; MySQL wraps check clauses in parentheses, MariaDB does not.
 */
export function canonicalExpression(expression: string): string {
  let text = expression
    .trim()
    .replace(/\\'/g, "'")
    .replace(/_(utf8mb4|utf8mb3|utf8|latin1|binary|ascii)'/gi, "'")
    .replace(/\bcurrent_timestamp\(\)/gi, 'CURRENT_TIMESTAMP')
    .replace(/\b(current_timestamp|now)\((\d)\)/gi, 'CURRENT_TIMESTAMP($2)')
    .replace(/\bnow\(\)/gi, 'CURRENT_TIMESTAMP')
    .replace(/\bcurrent_timestamp\b/gi, 'CURRENT_TIMESTAMP')
    .replace(/`/g, '')
    .replace(/\s+/g, ' ');
  while (isWrappedInParentheses(text)) text = text.slice(1, -1).trim();
  return text;
}

/** True when the first parenthesis closes at the very end, as in `(a > 0)` but not `(a) + (b)`. */
function isWrappedInParentheses(text: string): boolean {
  if (!text.startsWith('(') || !text.endsWith(')')) return false;
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === quote) quote = null;
      continue;
    }
    if (char === "'" || char === '"') quote = char;
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0 && i < text.length - 1) return false;
  }
  return depth === 0;
}

/** Quotes a literal value the way SQL writes it: `'it''s'`. */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** True for the current-time expressions that ON UPDATE and temporal defaults use. */
export function isCurrentTimestamp(expression: string): boolean {
  return /^CURRENT_TIMESTAMP(\(\d\))?$/.test(expression);
}
