import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** One recorded answer. */
export interface Route {
  status: number;
  contentType: string;
  body: string | Buffer;
  /** Hold the request open and never answer (timeout tests). */
  hang?: boolean;
  /** Answer after this many milliseconds (slow-server tests). */
  delayMs?: number;
  /** Extra response headers (e.g. Location for redirects). */
  headers?: Record<string, string>;
}

/** Answers for a path; `aggregated` is served when the Accept header asks for apidiscovery. */
export interface RouteSet {
  plain?: Route;
  aggregated?: Route;
}

export interface ReplayServer {
  url: string;
  /** Every request seen, as "GET /path?query" with its Accept and If-None-Match headers, and all its headers. */
  requests: Array<{
    method: string;
    path: string;
    accept: string;
    ifNoneMatch?: string;
    headers: import('node:http').IncomingHttpHeaders;
    rawHeaders: string[];
  }>;
  routes: Map<string, RouteSet>;
  close(): Promise<void>;
}

/**
 * Loads a capture laid out one folder per HTTP path, each holding index.json
 * (the body) and headers.txt (status line and headers), as in
 * cben/kubernetes-discovery-samples.
 */
export function loadFolderCapture(root: string): Map<string, RouteSet> {
  const routes = new Map<string, RouteSet>();
  const walk = (dir: string, path: string) => {
    const body = join(dir, 'index.json');
    if (existsSync(body)) {
      const headers = existsSync(join(dir, 'headers.txt')) ? readFileSync(join(dir, 'headers.txt'), 'utf8') : 'HTTP/1.1 200\n';
      const status = Number(/^HTTP\/[\d.]+ (\d+)/.exec(headers)?.[1] ?? 200);
      const contentType = /^content-type:\s*(.+)$/im.exec(headers)?.[1]?.trim() ?? 'application/json';
      routes.set(path || '/', { plain: { status, contentType, body: readFileSync(body) } });
    }
    for (const entry of readdirSync(dir)) {
      if (statSync(join(dir, entry)).isDirectory()) walk(join(dir, entry), `${path}/${entry}`);
    }
  };
  walk(root, '');
  return routes;
}

/** Starts a loopback HTTP server replaying the routes; unknown paths answer 404 like kube-apiserver. */
export async function startReplayServer(routes: Map<string, RouteSet>, host = '127.0.0.1'): Promise<ReplayServer> {
  const requests: ReplayServer['requests'] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://replay');
    const accept = request.headers.accept ?? '';
    const ifNoneMatch = request.headers['if-none-match'];
    requests.push({
      method: request.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      accept,
      ...(ifNoneMatch ? { ifNoneMatch } : {}),
      headers: request.headers,
      rawHeaders: request.rawHeaders,
    });
    const set = routes.get(url.pathname);
    const route = accept.includes('apidiscovery.k8s.io') && set?.aggregated ? set.aggregated : set?.plain;
    if (route?.hang) return;
    if (!route) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: 'the server could not find the requested resource',
          reason: 'NotFound',
          code: 404,
        }),
      );
      return;
    }
    // A route with an ETag revalidates as kube-apiserver's aggregated discovery does: 304, no body.
    if (route.headers?.etag !== undefined && ifNoneMatch === route.headers.etag) {
      response.writeHead(304, { etag: route.headers.etag });
      response.end();
      return;
    }
    const answer = () => {
      response.writeHead(route.status, { 'content-type': route.contentType, ...route.headers });
      response.end(route.body);
    };
    if (route.delayMs) setTimeout(answer, route.delayMs);
    else answer();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    requests,
    routes,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A Kubernetes Status body, as kube-apiserver sends with an error status. */
export function statusRoute(status: number, reason: string, message: string): Route {
  return {
    status,
    contentType: 'application/json',
    body: JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code: status }),
  };
}
