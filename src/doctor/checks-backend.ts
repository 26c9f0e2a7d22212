import type { ApiServiceDocument } from '../discovery/documents.js';
import type {
  EndpointSliceDocument,
  EndpointSliceListDocument,
  PodListDocument,
  ServiceDocument,
  ServicePort,
  SubjectAccessReviewAnswer,
} from './documents.js';
import { type CheckResult, check, combine, type Part } from './model.js';
import { cannotCheck, type Readable } from './readable.js';

/** spec.service of an APIService (its port may be absent: 443). */
export type ApiServiceTarget = NonNullable<ApiServiceDocument['spec']['service']>;

function serviceName(ref: ApiServiceTarget): string {
  return `${ref.namespace}/${ref.name}`;
}

/** The Service port an APIService's port refers to (the aggregator matches spec.ports[].port). */
export function servicePort(service: ServiceDocument, port: number): ServicePort | undefined {
  return service.spec.ports?.find((candidate) => candidate.port === port);
}

/**
 * 3. The Service exists, has the port, and its type. `owner` names the field
 * that points at it, for the hints (an APIService's spec.service, a webhook's
 * clientConfig.service).
 */
export function checkService(
  ref: ApiServiceTarget,
  service: Readable<ServiceDocument>,
  owner: { field: string; of: string } = { field: 'spec.service', of: 'the APIService' },
): CheckResult {
  const name = serviceName(ref);
  const port = ref.port ?? 443;
  if (service.kind === 'not-found') {
    return check(
      'service',
      'fail',
      `service ${name} not found`,
      { service: name },
      `create the Service ${name}, or point ${owner.field} of ${owner.of} at the right one`,
    );
  }
  if (service.kind !== 'ok') return check('service', 'warn', cannotCheck(service, `get service ${name}`), { service: name });
  const spec = service.value.spec;
  const type = spec.type ?? 'ClusterIP';
  const ports = (spec.ports ?? []).map((p) => `${p.port}/${p.protocol ?? 'TCP'}`);
  const evidence = { service: name, type, clusterIP: spec.clusterIP ?? null, externalName: spec.externalName ?? null, ports };
  if (type === 'ExternalName') {
    return check('service', 'ok', `ExternalName service: kube-apiserver dials ${spec.externalName}:${port}`, evidence);
  }
  const found = servicePort(service.value, port);
  if (!found) {
    return check(
      'service',
      'fail',
      `${type} service ${name} has no port ${port} (ports: ${ports.join(', ') || 'none'})`,
      evidence,
      `add port ${port} to the Service or set ${owner.field}.port of ${owner.of} to one of its ports`,
    );
  }
  const target = found.targetPort === undefined ? '' : ` -> target port ${found.targetPort}`;
  return check('service', 'ok', `${type} service ${name} ${spec.clusterIP ?? ''}, port ${port}${target}`.replace('  ', ' '), evidence);
}

/** 4. Ready endpoints for the port, and the pods behind the selector. */
export function checkEndpoints(
  ref: ApiServiceTarget,
  service: Readable<ServiceDocument>,
  slices: Readable<EndpointSliceListDocument> | undefined,
  pods: Readable<PodListDocument> | undefined,
): CheckResult {
  const name = serviceName(ref);
  if (service.kind !== 'ok') {
    return check(
      'endpoints',
      'warn',
      service.kind === 'not-found' ? `cannot check: service ${name} not found` : cannotCheck(service, `get service ${name}`),
      {},
    );
  }
  if (service.value.spec.type === 'ExternalName') {
    return check('endpoints', 'ok', `ExternalName service: no endpoints, kube-apiserver resolves ${service.value.spec.externalName}`, {});
  }
  const portName = servicePort(service.value, ref.port ?? 443)?.name ?? '';
  const parts: Part[] = [];
  const evidence: Record<string, unknown> = { portName };
  if (slices?.kind !== 'ok') {
    parts.push({
      status: 'warn',
      text: slices ? cannotCheck(slices, `list endpointslices in ${ref.namespace}`) : 'cannot check endpointslices',
    });
  } else {
    const items = slices.value.items ?? [];
    const ready = readyAddresses(items, portName);
    evidence.endpointSlices = items.map((slice) => slice.metadata.name);
    evidence.readyAddresses = ready;
    const selector = service.value.spec.selector;
    const why = selector
      ? `the pods behind ${formatSelector(selector)} are missing or not ready`
      : 'the Service has no selector, so its EndpointSlices are written by hand';
    if (items.length === 0) {
      parts.push({ status: 'fail', text: `no EndpointSlices for service ${name}`, hint: why });
    } else if (ready.length === 0) {
      parts.push({
        status: 'fail',
        text: `${items.length} EndpointSlice(s), no ready address for port "${portName}"`,
        hint: why,
      });
    } else {
      parts.push({ status: 'ok', text: `${ready.length} ready address(es) for port "${portName}": ${ready.join(', ')}` });
    }
  }
  const selector = service.value.spec.selector;
  if (!selector || Object.keys(selector).length === 0) {
    parts.push({ status: 'ok', text: 'no selector' });
  } else if (pods) {
    parts.push(podsPart(selector, pods, ref.namespace, evidence));
  }
  return combine('endpoints', parts, evidence);
}

function readyAddresses(slices: EndpointSliceDocument[], portName: string): string[] {
  const out: string[] = [];
  for (const slice of slices) {
    if (!(slice.ports ?? []).some((port) => (port.name ?? '') === portName)) continue;
    for (const endpoint of slice.endpoints ?? []) {
      if (endpoint.conditions?.ready !== false) for (const address of endpoint.addresses) out.push(address);
    }
  }
  return out;
}

export function formatSelector(selector: Record<string, string>): string {
  return Object.entries(selector)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

function podsPart(
  selector: Record<string, string>,
  pods: Readable<PodListDocument>,
  namespace: string,
  evidence: Record<string, unknown>,
): Part {
  // Pods are extra evidence: unreadable ones are fine, a list of the wrong shape is worth a warning.
  if (pods.kind !== 'ok')
    return { status: pods.kind === 'invalid' ? 'warn' : 'ok', text: `pods: ${cannotCheck(pods, `list pods in ${namespace}`)}` };
  const rows = (pods.value.items ?? []).map((pod) => ({
    name: pod.metadata.name,
    phase: pod.status?.phase ?? 'Unknown',
    ready: pod.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') === true,
    restarts: (pod.status?.containerStatuses ?? []).reduce((sum, container) => sum + container.restartCount, 0),
  }));
  evidence.pods = rows;
  if (rows.length === 0) {
    return {
      status: 'fail',
      text: `no pods match ${formatSelector(selector)}`,
      hint: `start the backend's pods with labels ${formatSelector(selector)}`,
    };
  }
  const text = `pods: ${rows.map((row) => `${row.name} ${row.ready ? 'Ready' : `${row.phase}, not ready`}, ${row.restarts} restarts`).join('; ')}`;
  const notReady = rows.filter((row) => !row.ready);
  if (notReady.length === 0) return { status: 'ok', text };
  return { status: 'warn', text, hint: `see kubectl -n ${namespace} describe pod ${notReady.map((row) => row.name).join(' ')}` };
}

/** The service account of the extension server, from the flag or the pods. */
export interface ServiceAccountRef {
  namespace: string;
  name: string;
  from: 'flag' | 'pods';
}

export function serviceAccountFromPods(pods: Readable<PodListDocument> | undefined): ServiceAccountRef | undefined {
  if (pods?.kind !== 'ok') return undefined;
  const pod = pods.value.items?.[0];
  if (!pod) return undefined;
  return { namespace: pod.metadata.namespace ?? 'default', name: pod.spec.serviceAccountName ?? 'default', from: 'pods' };
}

/** The three permissions every aggregated server needs, as SubjectAccessReview attributes. */
export const requiredPermissions = [
  { label: 'create tokenreviews', group: 'authentication.k8s.io', resource: 'tokenreviews', verb: 'create', role: 'auth-delegator' },
  {
    label: 'create subjectaccessreviews',
    group: 'authorization.k8s.io',
    resource: 'subjectaccessreviews',
    verb: 'create',
    role: 'auth-delegator',
  },
  {
    label: 'get configmap kube-system/extension-apiserver-authentication',
    group: '',
    resource: 'configmaps',
    verb: 'get',
    namespace: 'kube-system',
    name: 'extension-apiserver-authentication',
    role: 'reader',
  },
] as const;

export type PermissionAnswer = Readable<SubjectAccessReviewAnswer>;

/** 5. May the extension server's service account authenticate and authorize requests and read the request-header CA? */
export function checkPermissions(account: ServiceAccountRef | undefined, answers: PermissionAnswer[]): CheckResult {
  if (!account) {
    return check(
      'permissions',
      'warn',
      "cannot check: the extension server's service account is unknown (no pods behind the service)",
      {},
      'pass --service-account NAMESPACE/NAME',
    );
  }
  const who = `${account.namespace}/${account.name}`;
  const evidence: Record<string, unknown> = { serviceAccount: who, from: account.from };
  const unreadable = answers.find((answer): answer is Exclude<PermissionAnswer, { kind: 'ok' }> => answer.kind !== 'ok');
  if (unreadable) return check('permissions', 'warn', cannotCheck(unreadable, 'create subjectaccessreviews'), evidence);
  const allowed = answers.map((answer) => answer.kind === 'ok' && answer.value.status?.allowed === true);
  evidence.reviews = requiredPermissions.map((permission, index) => ({ permission: permission.label, allowed: allowed[index] }));
  const missing = requiredPermissions.filter((_, index) => !allowed[index]);
  if (missing.length === 0) {
    return check(
      'permissions',
      'ok',
      `service account ${who} may create tokenreviews and subjectaccessreviews and read ${requiredPermissions[2].namespace}/${requiredPermissions[2].name}`,
      evidence,
    );
  }
  const subject = `--serviceaccount=${account.namespace}:${account.name}`;
  const hints: string[] = [];
  if (missing.some((permission) => permission.role === 'auth-delegator')) {
    hints.push(`kubectl create clusterrolebinding ${account.name}:system:auth-delegator --clusterrole=system:auth-delegator ${subject}`);
  }
  if (missing.some((permission) => permission.role === 'reader')) {
    hints.push(
      `kubectl -n kube-system create rolebinding ${account.name}:extension-apiserver-authentication-reader --role=extension-apiserver-authentication-reader ${subject}`,
    );
  }
  return check(
    'permissions',
    'fail',
    `service account ${who} may not ${missing.map((permission) => permission.label).join(', ')}`,
    evidence,
    hints.join('; '),
  );
}
