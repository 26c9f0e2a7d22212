import type { ApiSurface } from '../surface/model.js';
import { groupVersionString } from '../surface/vocabulary.js';
import { type CheckResult, check } from './model.js';

/** kube-aggregator's availability check gives the extension server 5 s to answer discovery. */
export const aggregatorDiscoveryTimeoutMs = 5000;

export type ProbeOutcome =
  | { kind: 'response'; status: number; statusText: string; message: string; latencyMs: number }
  | { kind: 'error'; message: string; latencyMs: number };

/** 6. GET /apis/<group>/<version> through the aggregator. */
export function checkProbe(path: string, outcome: ProbeOutcome): CheckResult {
  const latencyMs = Math.round(outcome.latencyMs);
  if (outcome.kind === 'error') {
    return check(
      'probe',
      'fail',
      `GET ${path}: ${outcome.message}`,
      { path, latencyMs },
      'kube-apiserver did not answer; check the connection',
    );
  }
  const evidence = { path, status: outcome.status, latencyMs };
  const line = `GET ${path}: ${outcome.status} ${outcome.statusText}`.trim();
  if (outcome.status === 403) return check('probe', 'warn', `cannot check: forbidden (${line})`, evidence);
  if (outcome.status < 200 || outcome.status >= 300) {
    return check(
      'probe',
      'fail',
      `${line}: ${outcome.message} (${latencyMs} ms)`,
      evidence,
      'the aggregator cannot reach the extension server; see the checks above',
    );
  }
  if (outcome.latencyMs > aggregatorDiscoveryTimeoutMs) {
    return check(
      'probe',
      'warn',
      `${line} in ${latencyMs} ms, slower than the aggregator's ${aggregatorDiscoveryTimeoutMs / 1000} s discovery timeout`,
      evidence,
      'the extension server answers discovery too slowly; the aggregator will mark it unavailable',
    );
  }
  return check('probe', 'ok', `${line} in ${latencyMs} ms`, evidence);
}

/** 7. The group-version is in discovery and not stale. */
export function checkDiscovery(surface: ApiSurface, group: string, version: string): CheckResult {
  const groupVersion = groupVersionString(group, version);
  const failure = surface.failures.find((candidate) => candidate.group === group && candidate.version === version);
  const entry = surface.groups.find((candidate) => candidate.name === group)?.versions.find((candidate) => candidate.version === version);
  const evidence: Record<string, unknown> = {
    discovery: surface.discovery,
    listed: entry !== undefined,
    freshness: entry?.freshness ?? null,
    resources: entry?.resources.length ?? 0,
  };
  if (failure && failure.reason !== 'stale') {
    return check(
      'discovery',
      'fail',
      `${groupVersion}: discovery failed: ${failure.message}`,
      evidence,
      'the aggregator cannot reach the extension server; see the checks above',
    );
  }
  if (entry?.freshness === 'Stale' || failure?.reason === 'stale') {
    return check(
      'discovery',
      'fail',
      `${groupVersion} is Stale in aggregated discovery (no resources)`,
      evidence,
      'the aggregator last failed to fetch its discovery; see the checks above',
    );
  }
  if (!entry)
    return check(
      'discovery',
      'fail',
      `${groupVersion} is not in /apis`,
      evidence,
      'the aggregator has not picked up the APIService yet, or it is unavailable',
    );
  if (entry.resources.length === 0) {
    return check(
      'discovery',
      'warn',
      `${groupVersion} is listed ${entry.freshness} but with no resources`,
      evidence,
      'the server behind the APIService does not serve this group-version (kube-apiserver fetches discovery once per service)',
    );
  }
  const preferred = surface.groups.find((candidate) => candidate.name === group)?.preferredVersion === version ? ', preferred' : '';
  return check(
    'discovery',
    'ok',
    `${groupVersion} in ${surface.discovery} discovery, ${entry.freshness}${preferred}, ${entry.resources.length} resource(s)`,
    evidence,
  );
}
