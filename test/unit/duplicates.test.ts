import { describe, expect, it } from 'vitest';
import { findCollisions, orderingPrefix } from '../../src/chain/duplicates.js';

describe('orderingPrefix', () => {
  it.each([
    ['20240101120000-create-user.js', '20240101120000'],
    ['0003_add_index.up.sql', '0003'],
    ['001-tags.cjs', '001'],
    ['2024.01.02T00.00.00.create-transfers.ts', '2024.01.02T00.00.00'],
    ['create-user.js', null],
    ['v2-users.js', null],
  ])('%s → %s', (name, prefix) => {
    expect(orderingPrefix(name)).toBe(prefix);
  });
});

describe('findCollisions', () => {
  it('finds two migrations with the same ordering prefix, on the later file', () => {
    expect(findCollisions(['/m/20240101-a.js', '/m/20240102-b.js', '/m/20240102-c.js', '/m/20240103-d.js'])).toEqual([
      { kind: 'same-prefix', file: '/m/20240102-c.js', other: '/m/20240102-b.js', prefix: '20240102' },
    ]);
  });

  it('finds two files with the same name in different folders', () => {
    expect(findCollisions(['/a/001-x.js', '/b/001-x.js'])).toEqual([
      { kind: 'same-name', file: '/b/001-x.js', other: '/a/001-x.js', prefix: '001-x.js' },
    ]);
  });

  it('finds nothing in a clean chain, or in names without a number', () => {
    expect(findCollisions(['/m/001-a.js', '/m/002-b.js', '/m/003-c.js'])).toEqual([]);
    expect(findCollisions(['/m/create-a.js', '/m/create-b.js'])).toEqual([]);
  });
});
