import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { writeChain } from '../../bench/chain.js';
import { check } from '../../src/check.js';
import { loadConfig } from '../../src/config/load.js';
import { provision } from '../../src/database/provision.js';
import { ROOT } from './helpers.js';

describe('incremental snapshots on a server of their own', () => {
  // The shared test servers see other tests' DDL at the same time, which (rightly) makes every snapshot
  // read the whole schema; on a server of its own the chain's statements account for all DDL.
  const { image } = inject('servers').at(-1)!;

  it('read only what each step changed, and judge a long chain exactly as whole reads would', async () => {
    const dir = writeChain(path.join(ROOT, 'test/.tmp/chains'), 40);
    await using server = await provision({ credentials: null, image });
    const { host, port, user, password } = server.credentials;
    const config = await loadConfig(
      {
        cwd: dir,
        migrations: 'migrations/*.js',
        model: 'schema.sql',
        databaseUrl: `mysql://${user}:${password}@${host}:${port}`,
      },
      null,
    );
    const result = await check(config);
    expect(result.findings).toEqual([]);
    expect(result.compared).toHaveLength(8);
    // the first snapshot, and the self-check at the end of each pass (up, down, re-up): nothing else
    expect(result.snapshots.reads.all).toBe(4);
    // the up pass reads what each step changed; each down, and the re-up pass's end, is found to give
    // back its schema by DDL alone
    expect(result.snapshots.reads.some).toBeGreaterThanOrEqual(40);
    expect(result.snapshots.reads.same).toBe(41);
    // a broken down in the middle of the chain is still seen, though only its table is read
    const broken = writeChain(path.join(ROOT, 'test/.tmp/chains'), 40);
    const file = readdirSync(path.join(broken, 'migrations')).find((name) => name.startsWith('00013-'))!;
    const text = readFileSync(path.join(broken, 'migrations', file), 'utf8');
    writeFileSync(
      path.join(broken, 'migrations', file),
      text.replace(/async down\(([^)]*)\) \{[\s\S]*?\n {2}\},/, 'async down() {},'),
    );
    const failing = await check({ ...config, cwd: broken });
    expect(failing.findings.map((finding) => [finding.kind, finding.migration])).toEqual([['down-mismatch', file]]);
  });
});
