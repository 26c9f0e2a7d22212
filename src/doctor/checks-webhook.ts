import type { ClientConfig, WebhookDocument } from '../pipeline/documents.js';
import { describeRule, describeSelector, selectorMatches } from '../pipeline/match.js';
import { caBundlePart } from './checks-registration.js';
import { type CheckResult, check, combine, type Part } from './model.js';
import type { Clock } from './x509.js';

/** A webhook of a Mutating- or ValidatingWebhookConfiguration. */
export interface WebhookSubject {
  type: 'mutating' | 'validating';
  configuration: string;
  webhook: WebhookDocument;
}

/** kube-apiserver's defaults for admissionregistration/v1 webhooks. */
export const webhookDefaults = { failurePolicy: 'Fail', matchPolicy: 'Equivalent', timeoutSeconds: 10, reinvocationPolicy: 'Never' };
/** Above this many seconds a webhook holds a request long enough to be a risk (the v1 default and the kubectl-visible norm). */
export const webhookTimeoutWarnSeconds = 10;

export function webhookName(subject: WebhookSubject): string {
  return `${subject.configuration}/${subject.webhook.name}`;
}

/** "namespace/name:port/path" or the URL: where a client config calls. */
export function clientConfigTarget(config: ClientConfig): string | undefined {
  if (config.service) {
    const { namespace, name, port, path } = config.service;
    return `${namespace}/${name}:${port ?? 443}${path ?? ''}`;
  }
  return config.url ?? undefined;
}

/** The TLS part of a client config: the caBundle parsed, or the system roots. */
export function clientConfigParts(config: ClientConfig, clock: Clock, evidence: Record<string, unknown>): Part[] {
  const parts: Part[] = [];
  const target = clientConfigTarget(config);
  if (!target) {
    parts.push({
      status: 'fail',
      text: 'clientConfig names neither a service nor a URL',
      hint: 'set clientConfig.service or clientConfig.url',
    });
  } else {
    parts.push({ status: 'ok', text: `calls ${config.service ? 'service' : 'URL'} ${target}` });
  }
  if (config.caBundle) parts.push(caBundlePart(config.caBundle, clock, evidence));
  else parts.push({ status: 'ok', text: "no caBundle: kube-apiserver's system roots verify the serving certificate" });
  return parts;
}

/** The registration of an admission webhook: its policies, where it calls, the caBundle. */
export function checkWebhook(subject: WebhookSubject, clock: Clock): CheckResult {
  const { webhook } = subject;
  const settings = webhookSettings(subject);
  const evidence: Record<string, unknown> = { ...settings, rules: (webhook.rules ?? []).map(describeRule) };
  const policies = [
    `failurePolicy ${settings.failurePolicy}`,
    `matchPolicy ${settings.matchPolicy}`,
    `sideEffects ${settings.sideEffects}`,
    `timeout ${settings.timeoutSeconds}s`,
    ...(subject.type === 'mutating' ? [`reinvocationPolicy ${settings.reinvocationPolicy}`] : []),
  ].join(', ');
  return combine('webhook', [{ status: 'ok', text: policies }, ...clientConfigParts(webhook.clientConfig, clock, evidence)], evidence);
}

export function webhookSettings({ webhook }: WebhookSubject) {
  return {
    failurePolicy: webhook.failurePolicy ?? webhookDefaults.failurePolicy,
    matchPolicy: webhook.matchPolicy ?? webhookDefaults.matchPolicy,
    sideEffects: webhook.sideEffects ?? 'Unknown',
    timeoutSeconds: webhook.timeoutSeconds ?? webhookDefaults.timeoutSeconds,
    reinvocationPolicy: webhook.reinvocationPolicy ?? webhookDefaults.reinvocationPolicy,
  };
}

/** A URL client config: kube-apiserver dials it directly; only its scheme and host can be checked without calling it. */
export function checkUrl(url: string): CheckResult {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return check('url', 'fail', `URL ${url} cannot be parsed`, { url }, 'set clientConfig.url to an https:// URL');
  }
  const evidence = { url, scheme: parsed.protocol.replace(/:$/, ''), host: parsed.host };
  if (parsed.protocol !== 'https:') {
    return check('url', 'fail', `URL ${url} is not https`, evidence, 'kube-apiserver calls webhooks over TLS only: use an https:// URL');
  }
  return check('url', 'ok', `kube-apiserver dials ${parsed.host} directly (no Service, no endpoints to check)`, evidence);
}

/** Namespace names and labels the risk check matches the namespace selector against. */
export interface NamespaceLabels {
  name: string;
  labels: Record<string, string>;
}

/**
 * The risks admins learn the hard way: a Fail webhook whose backend is down
 * (every request it matches is rejected), a Fail webhook that matches
 * kube-system or its own namespace (it can lock itself out), a timeout above
 * 10 s, side effects that break --dry-run=server.
 */
export function checkWebhookRisk(subject: WebhookSubject, down: boolean | undefined, namespaces: NamespaceLabels[]): CheckResult {
  const { webhook } = subject;
  const settings = webhookSettings(subject);
  const parts: Part[] = [];
  const rules = (webhook.rules ?? []).map(describeRule);
  const fail = settings.failurePolicy === 'Fail';
  const selector = describeSelector(webhook.namespaceSelector);
  const where = selector ? ` in namespaces matching ${selector}` : '';
  const evidence: Record<string, unknown> = { failurePolicy: settings.failurePolicy, backendDown: down ?? null, blocks: [] };
  if (fail && down) {
    evidence.blocks = rules;
    parts.push({
      status: 'fail',
      text: `failurePolicy Fail and its backend is down: kube-apiserver rejects ${rules.join('; ') || 'nothing (no rules)'}${where}`,
      hint: `restore the backend, or set failurePolicy: Ignore, or delete ${subject.type === 'mutating' ? 'mutating' : 'validating'}webhookconfiguration ${subject.configuration} while it is down`,
    });
  }
  const namespaced = (webhook.rules ?? []).some((rule) => rule.scope !== 'Cluster');
  if (fail && namespaced) {
    const own = webhook.clientConfig.service?.namespace;
    const matched = namespaces.filter((namespace) => selectorMatches(webhook.namespaceSelector, namespace.labels)).map((n) => n.name);
    evidence.matchesNamespaces = matched;
    if (matched.length > 0) {
      const names = matched.join(' and ');
      parts.push({
        status: 'warn',
        text: `failurePolicy Fail and it matches namespace ${names}${own && matched.includes(own) ? ' (its own)' : ''}: it can lock itself out`,
        hint: `exclude ${names} with a namespaceSelector (kubernetes.io/metadata.name NotIn [${matched.join(', ')}])`,
      });
    }
  }
  if (settings.timeoutSeconds > webhookTimeoutWarnSeconds) {
    parts.push({
      status: 'warn',
      text: `timeoutSeconds ${settings.timeoutSeconds}: a slow backend holds every matching request that long`,
      hint: `lower timeoutSeconds to ${webhookTimeoutWarnSeconds} or less`,
    });
  }
  if (settings.sideEffects !== 'None' && settings.sideEffects !== 'NoneOnDryRun') {
    parts.push({
      status: 'warn',
      text: `sideEffects ${settings.sideEffects}: kube-apiserver rejects --dry-run=server requests it matches`,
      hint: 'make the webhook skip side effects on dry-run requests and declare sideEffects: NoneOnDryRun (or None)',
    });
  }
  if (parts.length === 0) parts.push({ status: 'ok', text: `no known risk (failurePolicy ${settings.failurePolicy})` });
  return combine('risk', parts, evidence);
}
