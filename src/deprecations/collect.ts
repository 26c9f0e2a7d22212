import { statusMessage } from '../cluster/response.js';
import type { Transport } from '../cluster/transport.js';
import { HttpError } from '../errors.js';
import type { Finding } from '../surface/audit.js';
import type { ApiSurface } from '../surface/model.js';
import { groupVersionPath } from '../surface/vocabulary.js';
import { type ProbedResource, probeTargets, requestedFindings, warningFindings } from './findings.js';
import { requestedDeprecatedApis } from './metrics.js';
import { deprecationWarnings } from './warning-header.js';

export interface EvidenceOptions {
  /** GET ?limit=1 on each served non-preferred version's resources and collect Warning: 299 headers. */
  probe: boolean;
}

export interface DeprecationEvidence {
  findings: Finding[];
  /** Why the metrics are unknown, when they are (a notice on stderr, like served-by's). */
  notice?: string;
}

/** Deprecation evidence only a live server has: its metrics and, when asked, its warning headers. Never throws. */
export async function collectDeprecationEvidence(
  transport: Transport,
  surface: ApiSurface,
  options: EvidenceOptions,
): Promise<DeprecationEvidence> {
  const [metrics, probes] = await Promise.all([readMetrics(transport), options.probe ? probe(transport, surface) : []]);
  const findings = [...('findings' in metrics ? metrics.findings : []), ...warningFindings(probes)];
  return 'why' in metrics ? { findings, notice: `${metrics.why}: deprecated APIs requested by clients are unknown` } : { findings };
}

async function readMetrics(transport: Transport): Promise<{ findings: Finding[] } | { why: string }> {
  try {
    const response = await transport.get('/metrics', { accept: 'text/plain;version=0.0.4', purpose: 'deprecation-metrics' });
    if (response.status === 403) return { why: 'the user may not get /metrics' };
    if (response.status !== 200) return { why: `/metrics answered ${response.status}: ${statusMessage(response)}` };
    return { findings: requestedFindings(requestedDeprecatedApis(response.body.toString('utf8'))) };
  } catch (error) {
    return { why: `/metrics could not be read (${error instanceof HttpError ? error.why : (error as Error).message})` };
  }
}

async function probe(transport: Transport, surface: ApiSurface): Promise<ProbedResource[]> {
  return Promise.all(
    probeTargets(surface).map(async (target) => {
      try {
        const path = `${groupVersionPath(target.group, target.version)}/${target.resource}?limit=1`;
        const response = await transport.get(path, { purpose: 'deprecation-probe' });
        return { ...target, warnings: deprecationWarnings(response.headers.warning) };
      } catch {
        return { ...target, warnings: [] };
      }
    }),
  );
}
