import { monotonicMs } from '../cluster/clock.js';
import { statusMessage } from '../cluster/response.js';
import type { Transport } from '../cluster/transport.js';
import { type ApiServiceDocument, apiServiceSchema } from '../discovery/documents.js';
import { ExitCode, HttpError, KapiError, NotFoundError } from '../errors.js';
import type { ApiSurface } from '../surface/model.js';
import { compareBytes, groupVersionPath, isDnsLabel, isDnsSubdomain, serviceText } from '../surface/vocabulary.js';
import { readBackend, serviceChecks } from './backend.js';
import {
  checkPermissions,
  type PermissionAnswer,
  requiredPermissions,
  type ServiceAccountRef,
  serviceAccountFromPods,
} from './checks-backend.js';
import { checkDiscovery, checkProbe, type ProbeOutcome } from './checks-reach.js';
import { authenticationConfigMap, checkAggregationLayer, checkApiService } from './checks-registration.js';
import { type ConfigMapDocument, configMapSchema, looseListSchema, subjectAccessReviewSchema } from './documents.js';
import { type CheckResult, check, type DoctorResult, worst } from './model.js';
import { cannotCheck, checked, getJson, postJson, type Readable } from './readable.js';
import type { Clock } from './x509.js';

export interface DoctorOptions {
  /** An APIService name or a group; every non-Local APIService when absent. */
  target?: string;
  serviceAccount?: { namespace: string; name: string };
  clock: Clock;
}

/** What the doctor needs of a cluster: the transport for reads and probes, and the discovered surface. */
export interface DoctorSource {
  transport: Transport;
  surface: ApiSurface;
}

/** A named APIService that could not be read: its name still says which group-version to probe. */
interface Subject {
  name: string;
  group: string;
  version: string;
  document: Readable<ApiServiceDocument>;
}

/**
 * One item of the APIService list, checked on its own: an item of the wrong
 * shape is a subject whose APIService check says which field is bad; its name
 * (or its place in the list) still says which group-version to probe.
 */
function subjectOf(item: unknown, index: number): Subject {
  const document = checked({ schema: apiServiceSchema, name: 'APIService' }, item);
  if (document.kind === 'ok') {
    const { metadata, spec } = document.value;
    return { name: metadata.name, group: spec.group ?? '', version: spec.version ?? '', document };
  }
  const name = nameOf(item) ?? `items[${index}]`;
  const named = parseApiServiceName(name);
  return { name, group: named?.group ?? '', version: named?.version ?? '', document };
}

function nameOf(item: unknown): string | undefined {
  const metadata = typeof item === 'object' && item !== null ? (item as { metadata?: unknown }).metadata : undefined;
  const name = typeof metadata === 'object' && metadata !== null ? (metadata as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : undefined;
}

/** "v1beta1.metrics.k8s.io" -> metrics.k8s.io, v1beta1. */
function parseApiServiceName(name: string): { group: string; version: string } | undefined {
  const named = /^(v\d+(?:(?:alpha|beta)\d+)?)\.(.+)$/.exec(name);
  return named?.[1] && named[2] ? { version: named[1], group: named[2] } : undefined;
}

/** Runs the seven checks on each selected APIService; reads are shared and concurrent. */
export async function runDoctor(source: DoctorSource, options: DoctorOptions): Promise<DoctorResult[]> {
  const { transport } = source;
  const [list, configMap] = await Promise.all([
    getJson(transport, '/apis/apiregistration.k8s.io/v1/apiservices', { schema: looseListSchema, name: 'APIServiceList' }),
    getJson(transport, `/api/v1/namespaces/${authenticationConfigMap.namespace}/configmaps/${authenticationConfigMap.name}`, {
      schema: configMapSchema,
      name: 'ConfigMap',
    }),
  ]);
  const subjects = selectSubjects(list, source.surface, options.target);
  return Promise.all(subjects.map((subject) => diagnose(source, subject, configMap, options)));
}

function selectSubjects(list: Readable<{ items?: unknown[] | null }>, surface: ApiSurface, target: string | undefined): Subject[] {
  if (list.kind === 'ok') {
    const all = (list.value.items ?? []).map(subjectOf).sort((a, b) => compareBytes(a.name, b.name));
    const proxied = (subject: Subject) => subject.document.kind !== 'ok' || Boolean(subject.document.value.spec.service);
    const chosen =
      target === undefined
        ? all.filter(proxied)
        : all.some((subject) => subject.name === target)
          ? all.filter((subject) => subject.name === target)
          : all.filter((subject) => subject.group === target);
    if (target !== undefined && chosen.length === 0) throw new NotFoundError(`no APIService or group named "${target}"`);
    return chosen;
  }
  // The APIServices are unreadable: a name still gives the group-version, a group its discovered versions.
  const why = { ...list } as Exclude<typeof list, { kind: 'ok' }>;
  if (target === undefined) throw unlistable(why);
  const named = parseApiServiceName(target);
  if (named) return [{ name: target, ...named, document: why }];
  const group = surface.groups.find((candidate) => candidate.name === target);
  if (!group) throw new NotFoundError(`no group named "${target}" in discovery, and ${cannotCheck(why, 'list apiservices')}`);
  return group.versions.map((version) => ({
    name: `${version.version}.${target}`,
    group: target,
    version: version.version,
    document: why,
  }));
}

/**
 * Without a target doctor needs the list: a 403 is exit 6 and a failure or a bad document exit 7, as for
 * any other read, and a server without apiregistration.k8s.io exit 8. A named APIService or group is
 * checked without the list.
 */
function unlistable(why: Exclude<Readable<unknown>, { kind: 'ok' }>): KapiError {
  const named = 'name an APIService or a group to check it without the list';
  if (why.kind === 'not-found') return new NotFoundError(`${cannotCheck(why, 'list apiservices')}: ${named}`);
  if (why.kind === 'invalid') return new KapiError('doctor', `failed to list apiservices: ${why.message}`, ExitCode.server);
  const code = why.kind === 'forbidden' ? ExitCode.auth : ExitCode.server;
  const reason = why.kind === 'forbidden' ? `403 Forbidden: ${why.message}` : why.message;
  return new KapiError('doctor', `failed to list apiservices: ${reason}; ${named}`, code);
}

async function diagnose(
  source: DoctorSource,
  subject: Subject,
  configMap: Readable<ConfigMapDocument>,
  options: DoctorOptions,
): Promise<DoctorResult> {
  const { transport } = source;
  const path = groupVersionPath(subject.group, subject.version);
  // A group or version that is not a DNS name could step out of /apis (".."): it is never requested.
  const requestable = (subject.group === '' || isDnsSubdomain(subject.group)) && isDnsLabel(subject.version);
  const [backend, probe] = await Promise.all([
    backendChecks(transport, subject, options),
    requestable ? probeOnce(transport, path) : invalidName(`group-version "${subject.group}/${subject.version}"`),
  ]);
  const ref = subject.document.kind === 'ok' ? subject.document.value.spec.service : undefined;
  const checks: CheckResult[] = [
    checkAggregationLayer(configMap, options.clock),
    subject.document.kind === 'ok'
      ? checkApiService(subject.document.value, options.clock)
      : check('apiservice', 'warn', cannotCheck(subject.document, `get apiservice ${subject.name}`), {}),
    ...backend,
    checkProbe(path, probe),
    checkDiscovery(source.surface, subject.group, subject.version),
  ];
  return {
    apiService: subject.name,
    ...(ref ? { service: serviceText({ ...ref, port: ref.port ?? 443 }) } : {}),
    status: worst(checks.map((c) => c.status)),
    checks,
  };
}

/** Checks 3 to 5: the Service, its endpoints and pods, and the server's permissions. */
async function backendChecks(transport: Transport, subject: Subject, options: DoctorOptions): Promise<CheckResult[]> {
  if (subject.document.kind !== 'ok') {
    const why = cannotCheck(subject.document, `get apiservice ${subject.name}`);
    return [check('service', 'warn', why, {}), check('endpoints', 'warn', why, {}), check('permissions', 'warn', why, {})];
  }
  const ref = subject.document.value.spec.service;
  if (!ref) {
    const local = 'Local: kube-apiserver serves it, no service';
    return [check('service', 'ok', local, {}), check('endpoints', 'ok', local, {}), check('permissions', 'ok', local, {})];
  }
  if (!isDnsLabel(ref.namespace) || !isDnsLabel(ref.name)) {
    // As client-go's path builder refuses such names: a Service name like "../../secrets/x" never leaves the Service path.
    const why = `the APIService names service "${ref.namespace}/${ref.name}", which is not a valid namespace/name (DNS labels); not requested`;
    return [
      check(
        'service',
        'fail',
        why,
        { service: `${ref.namespace}/${ref.name}` },
        'set spec.service of the APIService to an existing Service',
      ),
      check('endpoints', 'warn', `cannot check: ${why}`, {}),
      check('permissions', 'warn', `cannot check: ${why}`, {}),
    ];
  }
  const backend = await readBackend(transport, ref);
  const pods = backend.pods;
  const account: ServiceAccountRef | undefined = options.serviceAccount
    ? { ...options.serviceAccount, from: 'flag' }
    : serviceAccountFromPods(pods);
  const answers = account ? await reviewPermissions(transport, account) : [];
  return [...serviceChecks(backend), checkPermissions(account, answers)];
}

function reviewPermissions(transport: Transport, account: ServiceAccountRef): Promise<PermissionAnswer[]> {
  const user = `system:serviceaccount:${account.namespace}:${account.name}`;
  const groups = ['system:serviceaccounts', `system:serviceaccounts:${account.namespace}`, 'system:authenticated'];
  return Promise.all(
    requiredPermissions.map((permission) => {
      const { group, resource, verb } = permission;
      const scope = 'namespace' in permission ? { namespace: permission.namespace, name: permission.name } : {};
      return postJson(
        transport,
        '/apis/authorization.k8s.io/v1/subjectaccessreviews',
        {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          spec: { user, groups, resourceAttributes: { group, resource, verb, ...scope } },
        },
        { schema: subjectAccessReviewSchema, name: 'SubjectAccessReview' },
      );
    }),
  );
}

async function invalidName(what: string): Promise<ProbeOutcome> {
  return { kind: 'error', message: `${what} is not a valid name (DNS labels); not requested`, latencyMs: 0 };
}

async function probeOnce(transport: Transport, path: string): Promise<ProbeOutcome> {
  const started = monotonicMs();
  try {
    const response = await transport.get(path, { purpose: 'doctor-probe' });
    const latencyMs = monotonicMs() - started;
    const ok = response.status >= 200 && response.status < 300;
    return {
      kind: 'response',
      status: response.status,
      statusText: response.statusText,
      message: ok ? '' : statusMessage(response),
      latencyMs,
    };
  } catch (error) {
    return {
      kind: 'error',
      message: error instanceof HttpError ? error.why : (error as Error).message,
      latencyMs: monotonicMs() - started,
    };
  }
}
