import type { DiscoveryProgress } from '../discovery/download.js';

/** A progress line on stderr; done() erases it. */
export interface ProgressLine extends DiscoveryProgress {
  done(): void;
}

interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * `discovering 412 group-versions (37 left)` on one stderr line, rewritten in place, once
 * discovery has taken longer than `delayMs`. Only on a terminal: never in a pipe or a file,
 * never with NO_COLOR, and never beside trace lines (the caller passes `quiet`).
 */
export function discoveryProgress(
  options: { stream?: ProgressStream; env?: NodeJS.ProcessEnv; delayMs?: number; quiet?: boolean } = {},
): ProgressLine | undefined {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  if (options.quiet || stream.isTTY !== true || (env.NO_COLOR ?? '') !== '') return undefined;
  let state: { total: number; left: number } | undefined;
  let shown = false;
  let due = false;
  const render = () => {
    if (!due || !state) return;
    stream.write(`\r\x1b[2Kdiscovering ${state.total} group-versions (${state.left} left)`);
    shown = true;
  };
  const timer = setTimeout(() => {
    due = true;
    render();
  }, options.delayMs ?? 1000);
  timer.unref?.();
  return {
    update(total, left) {
      state = { total, left };
      render();
    },
    done() {
      clearTimeout(timer);
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
      due = false;
    },
  };
}
