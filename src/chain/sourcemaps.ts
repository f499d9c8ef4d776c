import { SourceMap } from 'node:module';

/**
 * The source maps of the files the loader compiled. jiti evaluates compiled code with `vm`, for which
 * Node applies no source map, so stack traces count lines of the compiled code; findings must point at
 * the lines the user wrote.
 */
const maps = new Map<string, SourceMap>();

export function rememberSourceMap(file: string, payload: string): void {
  maps.set(file, new SourceMap(JSON.parse(payload) as ConstructorParameters<typeof SourceMap>[0]));
}

/** The line of `file` as written, for a 1-based line and column of what it compiled to. */
export function sourceLine(file: string, line: number, column: number): number {
  const entry = maps.get(file)?.findEntry(line - 1, Math.max(0, column - 1));
  return entry && 'originalLine' in entry ? entry.originalLine + 1 : line;
}
