import { execFileSync } from 'node:child_process';

/**
 * A terminal for tests: a detached tmux session of a fixed size on its own
 * server socket, driven with send-keys and read with capture-pane. The command
 * runs under `sh -c`, and its exit code is printed as "EXIT=<code>" when it ends.
 */
export class TmuxTerminal {
  private readonly socket = `kapi-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(command: string, size: { columns: number; rows: number } = { columns: 100, rows: 30 }) {
    this.tmux('new-session', '-d', '-s', 't', '-x', String(size.columns), '-y', String(size.rows), `${command}; echo EXIT=$?; sleep 3600`);
  }

  /** Keys as tmux names them: literal text, or "Enter", "Escape", "C-c", "Down"... */
  send(...keys: string[]): void {
    this.tmux('send-keys', '-t', 't', ...keys);
  }

  /** Literal text, one key at a time. */
  type(text: string): void {
    this.tmux('send-keys', '-t', 't', '-l', text);
  }

  /** The visible screen, trailing spaces and trailing empty lines removed. */
  screen(): string[] {
    const lines = this.tmux('capture-pane', '-p', '-t', 't')
      .split('\n')
      .map((line) => line.trimEnd());
    while (lines.length > 0 && lines.at(-1) === '') lines.pop();
    return lines;
  }

  /** Waits until the screen satisfies `done` (the screen settles within a few redraws); returns the last screen. */
  async waitFor(done: (screen: string[]) => boolean, timeoutMs = 15_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    let screen = this.screen();
    while (!done(screen) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      screen = this.screen();
    }
    return screen;
  }

  close(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }
}
