#!/usr/bin/env node
import { main } from './cli.js';

// Exit explicitly: migrations may leave connections or timers open, and the gate ends when its work ends.
const code = await main(process.argv.slice(2));
process.stdout.write('', () => process.exit(code));
