/**
 * Writes a synthetic corpus to disk and reports its size and the time taken:
 *
 *   node dist/bench/corpus/cli.js --entries 100000 --seed 1 --out /tmp/corpus-100k
 *     [--start-year 1995] [--faults] [--read-floor]
 *
 * `--faults` also prints each planted fault; `--read-floor` then measures the raw read
 * floor of the written corpus (see readFloor.ts; both methods, the faster is printed).
 */
import { parseArgs } from 'node:util';
import { plantedFaults, writeCorpus, type CorpusOptions } from './generate';
import { measureReadFloor } from './readFloor';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      entries: { type: 'string' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      'start-year': { type: 'string' },
      faults: { type: 'boolean', default: false },
      'read-floor': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.entries === undefined || values.out === undefined) {
    throw new Error('usage: cli.js --entries N --out DIR [--seed S] [--start-year Y] [--faults] [--read-floor]');
  }
  const options: CorpusOptions = {
    entries: Number(values.entries),
    seed: Number(values.seed),
    startYear: values['start-year'] === undefined ? undefined : Number(values['start-year']),
    faults: values.faults,
  };
  const started = performance.now();
  const written = writeCorpus(values.out, options);
  const seconds = (performance.now() - started) / 1000;
  console.log(`entries=${written.files} bytes=${written.bytes} seconds=${seconds.toFixed(2)} out=${values.out}`);
  for (const fault of plantedFaults(options)) console.log(`fault ${fault.code} ${fault.path}`);
  if (values['read-floor']) {
    const floor = await measureReadFloor(values.out);
    console.log(`floor files=${floor.files} bytes=${floor.bytes} ms=${floor.ms.toFixed(0)} method=${floor.method}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
