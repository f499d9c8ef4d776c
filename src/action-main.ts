import { run } from './action.js';

// Exit explicitly: the step ends when its work ends, whatever handles (the project host, Docker) are left open.
const code = await run();
process.stdout.write('', () => process.exit(code));
