/**
 * Milliseconds on a monotonic clock, for the durations traces and progress report. The same
 * clock as performance.now(), whose first call loads node:perf_hooks: 1.5 ms of a live run.
 */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;
