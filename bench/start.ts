/**
 * Container start to ready, the server's defaults against the gate's throwaway tuning, on each image of
 * MIGRATION_GATE_TEST_IMAGES (or the arguments), alternating the two so that drift hits both alike.
 * Run: node scripts/run-ts.mjs bench/start.ts [image ...]
 */
import { provision } from '../src/database/provision.js';
import { testImages } from '../test/integration/images.js';

const runs = Number(process.env.RUNS ?? 3);
const images = process.argv.slice(2).length > 0 ? process.argv.slice(2) : testImages();

async function timeStart(image: string, untuned: boolean): Promise<number> {
  const started = performance.now();
  const server = await provision({ credentials: null, image, untuned });
  const ms = performance.now() - started;
  await server[Symbol.asyncDispose]();
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

console.log('image\tdefault s\ttuned s\tratio');
for (const image of images) {
  const untuned: number[] = [];
  const tuned: number[] = [];
  for (let i = 0; i < runs; i++) {
    untuned.push(await timeStart(image, true));
    tuned.push(await timeStart(image, false));
  }
  const [a, b] = [median(untuned) / 1000, median(tuned) / 1000];
  console.log(`${image}\t${a.toFixed(2)}\t${b.toFixed(2)}\t${(b / a).toFixed(2)}`);
}
