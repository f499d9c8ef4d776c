import { run } from './action.js';

// Exit explicitly: migrations may leave connections or timers open, and the step ends when its work ends.
const code = await run();
process.stdout.write('', () => process.exit(code));
