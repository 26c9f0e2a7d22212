import type { Socket } from 'node:net';

/**
 * How many requests the transport runs at once, and how many connections it opens before the server
 * has shown that it takes them. A plain threaded HTTP/1.1 server with a small accept backlog drops a
 * handshake once its accept queue (backlog + 1 on Linux) is full, and the client waits a second for
 * the SYN to be sent again: 16 connections opened at once for legacy discovery made 6 of 34 requests
 * wait 1.03 s each. So a request starts only while the requests in flight stay below the connections
 * that have carried an answer (the server accepted them) plus `maxUnanswered`: a request then either
 * reuses an idle keep-alive connection or opens one of at most `maxUnanswered` connections the server
 * has not yet answered on. A server that answers keeps its connections and gets more, up to
 * `maxRequests`; kubectl's transport (Go's net/http) likewise reuses an idle connection before it
 * dials another.
 */
export class ConnectionGate {
  private active = 0;
  private answered = 0;
  private readonly answeredSockets = new WeakSet<Socket>();
  private waiting: Array<() => void> = [];

  constructor(
    private readonly maxRequests: number,
    private readonly maxUnanswered: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    while (!this.admits()) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      // After the response's own handlers: by then its keep-alive socket is back in the agent's free pool, to be reused.
      setImmediate(() => this.wake());
    }
  }

  /** A socket that carried a response: the server took it, and it counts until it closes. */
  answeredOn(socket: Socket | null | undefined): void {
    if (!socket || this.answeredSockets.has(socket)) return;
    this.answeredSockets.add(socket);
    this.answered++;
    socket.once('close', () => {
      this.answered--;
    });
    this.wake();
  }

  private admits(): boolean {
    return this.active < this.maxRequests && this.active < this.answered + this.maxUnanswered;
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}
