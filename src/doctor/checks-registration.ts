import type { ApiServiceDocument } from '../discovery/documents.js';
import { availableText } from '../surface/vocabulary.js';
import type { ConfigMapDocument } from './documents.js';
import { type CheckResult, check, combine, type Part } from './model.js';
import { cannotCheck, type Readable } from './readable.js';
import { type CertificateSummary, type Clock, describeValidity, diagnoseX509, expiryStatus, parseCertificates } from './x509.js';

export const authenticationConfigMap = { namespace: 'kube-system', name: 'extension-apiserver-authentication' };
const requestHeaderHint =
  'start kube-apiserver with --requestheader-client-ca-file, --requestheader-allowed-names, --requestheader-username-headers, --requestheader-group-headers and --proxy-client-cert-file/--proxy-client-key-file';

/** 1. The request-header CA and headers kube-apiserver publishes for aggregated servers. */
export function checkAggregationLayer(configMap: Readable<ConfigMapDocument>, clock: Clock): CheckResult {
  const where = `${authenticationConfigMap.namespace}/${authenticationConfigMap.name}`;
  if (configMap.kind === 'not-found') {
    return check('aggregation-layer', 'fail', `ConfigMap ${where} is missing`, { configMap: where }, requestHeaderHint);
  }
  if (configMap.kind !== 'ok') {
    return check('aggregation-layer', 'warn', cannotCheck(configMap, `get configmap ${where}`), { configMap: where }, null);
  }
  const data = configMap.value.data ?? {};
  const evidence: Record<string, unknown> = {
    configMap: where,
    allowedNames: jsonList(data['requestheader-allowed-names']),
    usernameHeaders: jsonList(data['requestheader-username-headers']),
    groupHeaders: jsonList(data['requestheader-group-headers']),
    extraHeaderPrefixes: jsonList(data['requestheader-extra-headers-prefix']),
  };
  const pem = data['requestheader-client-ca-file'];
  if (!pem) {
    return check(
      'aggregation-layer',
      'fail',
      `${where} has no requestheader-client-ca-file: aggregated servers cannot authenticate the aggregator`,
      evidence,
      requestHeaderHint,
    );
  }
  let certificates: CertificateSummary[];
  try {
    certificates = parseCertificates(pem);
  } catch (error) {
    return check(
      'aggregation-layer',
      'fail',
      `the request-header CA is not a PEM certificate: ${(error as Error).message}`,
      evidence,
      requestHeaderHint,
    );
  }
  evidence.requestHeaderCA = certificates;
  const status = expiryStatus(certificates, clock);
  const names = (evidence.allowedNames as string[]).join(', ') || 'any (no allowed names)';
  const headers = [...(evidence.usernameHeaders as string[]), ...(evidence.groupHeaders as string[])].join(', ');
  return check(
    'aggregation-layer',
    status,
    `request-header CA ${certificates.map((c) => describeValidity(c, clock)).join(', ')}; allowed names: ${names}; headers: ${headers || 'none'}`,
    evidence,
    'renew the request-header (front-proxy) CA and the proxy client certificate, then restart kube-apiserver',
  );
}

function jsonList(value: string | undefined): string[] {
  if (!value) return [];
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? parsed.map(String) : [String(parsed)];
  } catch {
    return [value];
  }
}

/** 2. The APIService: Available, priorities, TLS settings and its caBundle. */
export function checkApiService(apiService: ApiServiceDocument, clock: Clock): CheckResult {
  const { spec } = apiService;
  const available = apiService.status?.conditions?.find((condition) => condition.type === 'Available');
  const evidence: Record<string, unknown> = {
    available: available ?? null,
    groupPriorityMinimum: spec.groupPriorityMinimum,
    versionPriority: spec.versionPriority,
    insecureSkipTLSVerify: spec.insecureSkipTLSVerify === true,
  };
  const service = spec.service;
  if (!service) {
    return check(
      'apiservice',
      'ok',
      `Local: served by kube-apiserver itself (priority ${spec.groupPriorityMinimum}/${spec.versionPriority})`,
      evidence,
    );
  }
  const serviceHost = `${service.name}.${service.namespace}.svc`;
  const parts: Part[] = [availablePart(available, serviceHost)];
  parts.push({ status: 'ok', text: `priority ${spec.groupPriorityMinimum}/${spec.versionPriority}` });
  if (spec.insecureSkipTLSVerify) {
    parts.push({
      status: 'warn',
      text: 'insecureSkipTLSVerify: the serving certificate is not verified',
      hint: `set caBundle to the CA that signs the serving certificate for ${serviceHost} and drop insecureSkipTLSVerify`,
    });
  }
  if (spec.caBundle) parts.push(caBundlePart(spec.caBundle, clock, evidence));
  else if (!spec.insecureSkipTLSVerify)
    parts.push({ status: 'ok', text: "no caBundle: kube-apiserver's system roots verify the serving certificate" });
  return combine('apiservice', parts, evidence);
}

function availablePart(
  available: { status: string; reason?: string | null; message?: string | null } | undefined,
  serviceHost: string,
): Part {
  if (!available) return { status: 'warn', text: 'no Available condition yet', hint: 'wait for kube-apiserver to check the APIService' };
  if (available.status === 'True') return { status: 'ok', text: `Available=${availableText(available)}` };
  const diagnosis = diagnoseX509(available.message ?? '', serviceHost);
  return {
    status: 'fail',
    text: `Available=${availableText(available, { message: true })}`,
    hint: diagnosis ?? 'see the checks below for the broken link',
  };
}

/** A caBundle (base64 PEM, as APIServices and webhooks carry it): its certificates, their expiry. */
export function caBundlePart(caBundle: string, clock: Clock, evidence: Record<string, unknown>): Part {
  let certificates: CertificateSummary[];
  try {
    certificates = parseCertificates(Buffer.from(caBundle, 'base64').toString('utf8'));
  } catch (error) {
    return {
      status: 'fail',
      text: `caBundle is not a PEM certificate: ${(error as Error).message}`,
      hint: 'set caBundle to the base64 of a PEM CA certificate',
    };
  }
  evidence.caBundle = certificates;
  const status = expiryStatus(certificates, clock);
  const described = certificates.map((c) => `${describeValidity(c, clock)} (issuer ${c.issuer})`).join(', ');
  return { status, text: `caBundle ${described}`, hint: 'renew the CA in caBundle and the serving certificate it signs' };
}
