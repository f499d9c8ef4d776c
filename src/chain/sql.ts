/** One statement of an SQL file and the line it starts on. */
export interface Statement {
  sql: string;
  line: number;
}

/**
 * Splits an SQL script into statements the way the mysql client does: on `;` outside quotes and
 * comments, honouring `DELIMITER` lines (used around triggers and procedures).
 */
export function splitStatements(script: string): Statement[] {
  const statements: Statement[] = [];
  let delimiter = ';';
  let current = '';
  // Whether `current` holds more than white space and comments, and the line where that began.
  let significant = false;
  let startLine = 1;
  let line = 1;
  let i = 0;
  const flush = () => {
    if (significant) statements.push({ sql: current.trim(), line: startLine });
    current = '';
    significant = false;
  };
  while (i < script.length) {
    const atLineStart = i === 0 || script[i - 1] === '\n';
    if (atLineStart && !significant) {
      const directive = script.slice(i).match(/^[ \t]*delimiter[ \t]+(\S+)[ \t]*(\r?\n|$)/i);
      if (directive) {
        delimiter = directive[1]!;
        i += directive[0].length;
        line++;
        continue;
      }
    }
    if (script.startsWith(delimiter, i)) {
      flush();
      i += delimiter.length;
      continue;
    }
    const end = skipQuotedOrComment(script, i);
    const chunk = script.slice(i, end);
    if (!significant && !isInsignificant(chunk)) {
      significant = true;
      startLine = line + (chunk.match(/^\s*/)![0].match(/\n/g) ?? []).length;
    }
    current += chunk;
    line += (chunk.match(/\n/g) ?? []).length;
    i = end;
  }
  flush();
  return statements;
}

/** White space and comments, but not MySQL's executable comments (`/*! … *\/`), which the server runs. */
function isInsignificant(chunk: string): boolean {
  return /^\s*$/.test(chunk) || /^(--|#)/.test(chunk) || (chunk.startsWith('/*') && !chunk.startsWith('/*!'));
}

/** Returns the index after a quoted string, identifier or comment starting at `i`, or i + 1. */
function skipQuotedOrComment(script: string, i: number): number {
  const char = script[i];
  if (char === "'" || char === '"' || char === '`') {
    let j = i + 1;
    while (j < script.length) {
      if (script[j] === '\\' && char !== '`') j += 2;
      else if (script[j] === char && script[j + 1] === char) j += 2;
      else if (script[j] === char) return j + 1;
      else j++;
    }
    return script.length;
  }
  if (script.startsWith('--', i) && /[\s]/.test(script[i + 2] ?? ' ')) return lineEnd(script, i);
  if (char === '#') return lineEnd(script, i);
  if (script.startsWith('/*', i)) {
    const close = script.indexOf('*/', i + 2);
    return close === -1 ? script.length : close + 2;
  }
  return i + 1;
}

function lineEnd(script: string, i: number): number {
  const newline = script.indexOf('\n', i);
  return newline === -1 ? script.length : newline;
}
