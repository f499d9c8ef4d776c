/**
 * Whether every value a column of one type holds fits a column of another: the types as a snapshot
 * spells them (`varchar(64)`, `int unsigned`, `decimal(10,2)`, `datetime(3)`, `enum('a','b')`).
 */

const INTEGER_BYTES: Record<string, number> = { tinyint: 1, smallint: 2, mediumint: 3, int: 4, integer: 4, bigint: 8 };
const TEXT_CAPACITY: Record<string, number> = {
  tinytext: 255,
  text: 65_535,
  mediumtext: 16_777_215,
  longtext: 4_294_967_295,
  tinyblob: 255,
  blob: 65_535,
  mediumblob: 16_777_215,
  longblob: 4_294_967_295,
};

type Family = 'integer' | 'decimal' | 'float' | 'bit' | 'string' | 'binary' | 'temporal' | 'enum' | 'json' | 'other';

/** What a JSON value may take: MariaDB's json is a longtext. */
const JSON_BYTES = 4_294_967_295;

/** Decimal digits of each integer type's largest value (unsigned bigint: 20). */
const INTEGER_DIGITS: Record<number, number> = { 1: 3, 2: 5, 3: 8, 4: 10, 8: 19 };

interface Parsed {
  base: string;
  family: Family;
  arguments: string[];
  unsigned: boolean;
}

function parse(type: string): Parsed {
  const lower = type.toLowerCase().trim();
  const base = lower.match(/^[a-z0-9]+/)?.[0] ?? lower;
  const inner = lower.match(/\((.*)\)/s)?.[1] ?? '';
  return { base, family: familyOf(base), arguments: splitArguments(inner), unsigned: /\bunsigned\b/.test(lower) };
}

function familyOf(base: string): Family {
  if (base in INTEGER_BYTES) return 'integer';
  if (base === 'decimal' || base === 'numeric') return 'decimal';
  if (base === 'float' || base === 'double' || base === 'real') return 'float';
  if (/^(var)?char$|text$/.test(base)) return 'string';
  if (/^(var)?binary$|blob$/.test(base)) return 'binary';
  if (/^(date|datetime|timestamp|time|year)$/.test(base)) return 'temporal';
  if (base === 'enum' || base === 'set') return 'enum';
  if (base === 'bit') return 'bit';
  if (base === 'json') return 'json';
  return 'other';
}

function splitArguments(inner: string): string[] {
  return [...inner.matchAll(/'(?:[^']|'')*'|[^,]+/g)].map((match) => match[0].trim()).filter(Boolean);
}

/** How many characters (bytes, for binary types) a string type holds. */
function capacity(type: Parsed): number {
  return TEXT_CAPACITY[type.base] ?? Number(type.arguments[0] ?? 1);
}

/**
 * Why values of `before` may not survive a change to `after`, or null when every value fits: a shorter
 * string, a smaller or differently signed integer, fewer digits, a coarser time, enum values gone, or
 * another kind of value altogether.
 */
export function narrowing(before: string, after: string): string | null {
  if (before.toLowerCase() === after.toLowerCase()) return null;
  const from = parse(before);
  const to = parse(after);
  if (from.family !== to.family)
    return widensToText(from, to) ||
      holdsEveryInteger(from, to) ||
      (from.family === 'json' && capacity(to) >= JSON_BYTES)
      ? null
      : `${before} values become ${after}`;
  switch (from.family) {
    case 'string':
    case 'binary':
      return capacity(to) < capacity(from) ? `holds ${capacity(to)} characters where it held ${capacity(from)}` : null;
    case 'integer':
      return integerNarrowing(from, to);
    case 'decimal': {
      const [precision, scale] = digits(from);
      const [toPrecision, toScale] = digits(to);
      if (toScale < scale) return `keeps ${toScale} decimal places where it kept ${scale}`;
      return toPrecision - toScale < precision - scale
        ? `holds fewer integer digits (${toPrecision - toScale} where ${precision - scale})`
        : null;
    }
    case 'bit':
      return capacity(to) < capacity(from) ? `holds ${capacity(to)} bits where it held ${capacity(from)}` : null;
    case 'float':
      return from.base === 'double' && to.base === 'float' ? 'stores single precision where it stored double' : null;
    case 'temporal':
      return temporalNarrowing(from, to);
    case 'enum': {
      if (from.base === 'set' && to.base === 'enum')
        return 'is an enum where it was a set: rows holding several values do not fit';
      const gone = from.arguments.filter((value) => !to.arguments.includes(value));
      return gone.length > 0 ? `no longer allows ${gone.join(', ')}` : null;
    }
    default:
      return null;
  }
}

/** Any number, date or enum value has a text form that fits a string long enough. */
function widensToText(from: Parsed, to: Parsed): boolean {
  if (to.family !== 'string') return false;
  if (from.family === 'enum') return from.arguments.every((value) => value.length - 2 <= capacity(to));
  const width = ({ integer: 20, decimal: 66, float: 24, temporal: 26 } as Partial<Record<Family, number>>)[from.family];
  return width !== undefined && capacity(to) >= width;
}

/** An integer type into a decimal or floating type that holds every value of it exactly. */
function holdsEveryInteger(from: Parsed, to: Parsed): boolean {
  if (from.family !== 'integer') return false;
  const bytes = INTEGER_BYTES[from.base]!;
  const needed = INTEGER_DIGITS[bytes]! + (from.unsigned && bytes === 8 ? 1 : 0);
  if (to.family === 'decimal') {
    const [precision, scale] = digits(to);
    return precision - scale >= needed && (!to.unsigned || from.unsigned);
  }
  // a float is exact up to 2^24, a double up to 2^53
  if (to.family === 'float') return to.base === 'float' ? bytes <= 2 : bytes <= 4;
  return false;
}

function integerNarrowing(from: Parsed, to: Parsed): string | null {
  const bytes = INTEGER_BYTES[from.base]!;
  const toBytes = INTEGER_BYTES[to.base]!;
  if (toBytes < bytes) return `is a ${to.base} where it was a ${from.base}`;
  if (!from.unsigned && to.unsigned) return 'is unsigned: negative values do not fit';
  if (from.unsigned && !to.unsigned && toBytes === bytes) return 'is signed: the upper half of its values does not fit';
  return null;
}

function digits(type: Parsed): [number, number] {
  return [Number(type.arguments[0] ?? 10), Number(type.arguments[1] ?? 0)];
}

const TEMPORAL_RANK: Record<string, string[]> = {
  // what each type holds all values of
  datetime: ['date', 'timestamp', 'year'],
  timestamp: ['year'],
  date: ['year'],
};

function temporalNarrowing(from: Parsed, to: Parsed): string | null {
  if (from.base !== to.base) {
    const fits = TEMPORAL_RANK[to.base]?.includes(from.base) ?? false;
    return fits ? null : `${from.base} values become ${to.base}`;
  }
  const fraction = (type: Parsed) => Number(type.arguments[0] ?? 0);
  return fraction(to) < fraction(from)
    ? `keeps ${fraction(to)} fractional digits of seconds where it kept ${fraction(from)}`
    : null;
}
