/**
 * The demo: the gate on examples/todobox as it is (passes), then on the chain as it was when production
 * died on `Unknown column 'user.api_token'` (fails, naming user.api_token). Image: MIGRATION_GATE_DEMO_IMAGE
 * or mysql:8.4. Run with `npm run demo`.
 */
import { main } from '../src/cli.js';
import { TODOBOX, todoboxVariant } from '../test/integration/helpers.js';

const image = process.env.MIGRATION_GATE_DEMO_IMAGE ?? 'mysql:8.4';
const args = ['check', '--migrations', 'migrations/*.ts', '--model', 'models/', '--mysql-image', image];

console.log(`\n== examples/todobox, the chain as it is now (expected: PASS) ==\n`);
const pass = await main([...args, '--cwd', TODOBOX]);
console.log(
  `\n== the same app before revision d1f2e3c4b5a6, when c682ef478e45 also dropped api_token (expected: FAIL) ==\n`,
);
const fail = await main([...args, '--cwd', todoboxVariant('outage')]);
const ok = pass === 0 && fail === 1;
console.log(ok ? '\ndemo: as expected, exit codes 0 and 1' : `\ndemo: unexpected exit codes ${pass} and ${fail}`);
process.exit(ok ? 0 : 1);
