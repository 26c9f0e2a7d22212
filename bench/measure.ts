// Shared by the benchmarks: time one process, alternate contenders, take medians.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';

export interface Run {
  ms: number;
  /** Peak resident set size in MB, from /usr/bin/time when the machine has it. */
  rssMb?: number;
  /** CPU time (task-clock) in ms, from perf when the machine has it: steadier than wall time on a busy machine. */
  cpuMs?: number;
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
  /** Exit codes besides 0 that mean the run did its job (e.g. 10 for kapi check with findings). */
  okStatus?: number[];
}

const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const perf = existsSync('/usr/bin/perf') && spawnSync('/usr/bin/perf', ['stat', '-x,', '-e', 'task-clock', 'true']).status === 0;

/** Runs a command once; throws on an unexpected exit so a broken run never counts as a fast one. */
export function runOnce(contender: Contender): Run {
  contender.before?.();
  const command = perf ? ['/usr/bin/perf', 'stat', '-x,', '-e', 'task-clock', '--', contender.file] : [contender.file];
  const [file, args] = gnuTime
    ? [gnuTime, ['-q', '-f', '%M', ...command, ...contender.args]]
    : [command[0] as string, [...command.slice(1), ...contender.args]];
  const started = process.hrtime.bigint();
  const result = spawnSync(file, args, { env: contender.env ?? process.env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0 && !contender.okStatus?.includes(result.status ?? -1))
    throw new Error(`${contender.file} ${contender.args.join(' ')} exited ${result.status}: ${result.stderr}`);
  let stderr = result.stderr;
  let rssMb: number | undefined;
  let cpuMs: number | undefined;
  const lines = stderr.trimEnd().split('\n');
  if (gnuTime) rssMb = Number(lines.pop()) / 1024;
  if (perf) cpuMs = Number(lines.pop()?.split(',')[0]);
  if (gnuTime || perf) stderr = lines.length > 0 ? `${lines.join('\n')}\n` : '';
  return { ms, rssMb, cpuMs, stdout: result.stdout, stderr };
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
  cpuMs: number[];
}

/** One warm-up each, then `runs` rounds, the contenders alternating within each round. */
export function alternate(contenders: Contender[], runs: number): Comparison[] {
  for (const contender of contenders) runOnce(contender);
  const results: Comparison[] = contenders.map((c) => ({ name: c.label, ms: [], rssMb: [], cpuMs: [] }));
  for (let round = 0; round < runs; round++) {
    contenders.forEach((contender, index) => {
      const run = runOnce(contender);
      results[index]?.ms.push(run.ms);
      if (run.rssMb !== undefined) results[index]?.rssMb.push(run.rssMb);
      if (run.cpuMs !== undefined) results[index]?.cpuMs.push(run.cpuMs);
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
