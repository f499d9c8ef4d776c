#!/usr/bin/env node
import { main } from './cli.js';

// Exit explicitly: the gate ends when its work ends, whatever handles (the project host, Docker) are left open.
const code = await main(process.argv.slice(2));
process.stdout.write('', () => process.exit(code));
