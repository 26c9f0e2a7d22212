// Shared by the benchmarks: time one process, alternate contenders, take medians.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';

export interface Run {
  ms: number;
  /** Peak resident set size in MB, from /usr/bin/time when the machine has it. */
  rssMb?: number;
  stdout: string;
  stderr: string;
}

export interface Contender {
  label: string;
  file: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Runs before each timed run, untimed (e.g. emptying a cache for a cold run). */
  before?: () => void;
}

const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs a command once; throws on a non-zero exit so a broken run never counts as a fast one. */
export function runOnce(contender: Contender): Run {
  contender.before?.();
  const [file, args] = gnuTime ? [gnuTime, ['-f', '%M', contender.file, ...contender.args]] : [contender.file, contender.args];
  const started = process.hrtime.bigint();
  const result = spawnSync(file, args, { env: contender.env ?? process.env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${contender.file} ${contender.args.join(' ')} exited ${result.status}: ${result.stderr}`);
  let stderr = result.stderr;
  let rssMb: number | undefined;
  if (gnuTime) {
    const lines = stderr.trimEnd().split('\n');
    rssMb = Number(lines.pop()) / 1024;
    stderr = lines.length > 0 ? `${lines.join('\n')}\n` : '';
  }
  return { ms, rssMb, stdout: result.stdout, stderr };
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export interface Comparison {
  name: string;
  ms: number[];
  rssMb: number[];
}

/** One warm-up each, then `runs` rounds, the contenders alternating within each round. */
export function alternate(contenders: Contender[], runs: number): Comparison[] {
  for (const contender of contenders) runOnce(contender);
  const results = contenders.map((c) => ({ name: c.label, ms: [] as number[], rssMb: [] as number[] }));
  for (let round = 0; round < runs; round++) {
    contenders.forEach((contender, index) => {
      const run = runOnce(contender);
      results[index]?.ms.push(run.ms);
      if (run.rssMb !== undefined) results[index]?.rssMb.push(run.rssMb);
    });
  }
  return results;
}

/** The load average, printed with every table: the machine is shared, ratios within one run are what count. */
export function loadNote(): string {
  return `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}
