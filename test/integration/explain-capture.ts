import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RouteSet } from '../support/replay-server.js';

/**
 * Loads a capture made by test/control-plane/capture.sh (test/data/kube-v1.36.3):
 * status.tsv lists "status<TAB>path<TAB>file" per request. /api and /apis appear
 * twice, once as aggregated discovery (aggregated/...) and once as legacy
 * discovery (legacy/...); both are replayed, chosen by the Accept header.
 * The query (?hash=...) is not part of the route: the replay server matches paths.
 */
export function loadStatusCapture(root: string, options: { without?: (path: string) => boolean } = {}): Map<string, RouteSet> {
  const routes = new Map<string, RouteSet>();
  for (const line of readFileSync(join(root, 'status.tsv'), 'utf8').split('\n')) {
    const [status, pathWithQuery, file] = line.split('\t');
    if (!status || !pathWithQuery || !file) continue;
    const path = pathWithQuery.split('?')[0] as string;
    if (options.without?.(path)) continue;
    const route = { status: Number(status), contentType: 'application/json', body: readFileSync(join(root, file)) };
    const set = routes.get(path) ?? {};
    if (file.startsWith('aggregated/'))
      set.aggregated = { ...route, contentType: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' };
    else set.plain = route;
    routes.set(path, set);
  }
  return routes;
}
