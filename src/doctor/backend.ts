import type { Transport } from '../cluster/transport.js';
import { isDnsLabel } from '../surface/vocabulary.js';
import { type ApiServiceTarget, checkEndpoints, checkService, formatSelector } from './checks-backend.js';
import {
  type EndpointSliceListDocument,
  endpointSliceListSchema,
  type PodListDocument,
  podListSchema,
  type ServiceDocument,
  serviceSchema,
} from './documents.js';
import type { CheckResult } from './model.js';
import { getJson, type Readable } from './readable.js';

/**
 * What stands behind a Service reference: the Service, its EndpointSlices and
 * the pods behind its selector. Read the same way for every out-of-process
 * hop: an APIService, an admission webhook, a CRD conversion webhook.
 */
export interface Backend {
  ref: ApiServiceTarget;
  service: Readable<ServiceDocument>;
  /** Absent for an ExternalName Service, or when the Service could not be read. */
  slices?: Readable<EndpointSliceListDocument>;
  /** Absent without a selector. */
  pods?: Readable<PodListDocument>;
}

export async function readBackend(transport: Transport, ref: ApiServiceTarget): Promise<Backend> {
  if (!isDnsLabel(ref.namespace) || !isDnsLabel(ref.name)) {
    // As client-go's path builder refuses such names: a name like "../../secrets/x" never leaves the Service path.
    const message = `service "${ref.namespace}/${ref.name}" is not a valid namespace/name (DNS labels); not requested`;
    return { ref, service: { kind: 'invalid', message } };
  }
  const namespacePath = `/api/v1/namespaces/${encodeURIComponent(ref.namespace)}`;
  const service = await getJson(transport, `${namespacePath}/services/${encodeURIComponent(ref.name)}`, {
    schema: serviceSchema,
    name: 'Service',
  });
  const routed = service.kind === 'ok' && service.value.spec.type !== 'ExternalName';
  const selector = service.kind === 'ok' ? service.value.spec.selector : undefined;
  const [slices, pods] = await Promise.all([
    routed
      ? getJson(
          transport,
          `/apis/discovery.k8s.io/v1/namespaces/${encodeURIComponent(ref.namespace)}/endpointslices?labelSelector=${encodeURIComponent(`kubernetes.io/service-name=${ref.name}`)}`,
          { schema: endpointSliceListSchema, name: 'EndpointSliceList' },
        )
      : undefined,
    routed && selector && Object.keys(selector).length > 0
      ? getJson(transport, `${namespacePath}/pods?labelSelector=${encodeURIComponent(formatSelector(selector))}`, {
          schema: podListSchema,
          name: 'PodList',
        })
      : undefined,
  ]);
  return { ref, service, ...(slices ? { slices } : {}), ...(pods ? { pods } : {}) };
}

/** The service and endpoints checks of a backend; `owner` names the field that points at it, for the hints. */
export function serviceChecks(backend: Backend, owner?: { field: string; of: string }): CheckResult[] {
  return [checkService(backend.ref, backend.service, owner), checkEndpoints(backend.ref, backend.service, backend.slices, backend.pods)];
}

/** A hop is down when its Service is missing, lacks the port, or has no ready endpoint (what the checks fail on). */
export function isDown(checks: CheckResult[]): boolean {
  return checks.some((check) => (check.id === 'service' || check.id === 'endpoints') && check.status === 'fail');
}
