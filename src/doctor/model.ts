/** The doctor's result model: one row per check of one APIService. */

export type CheckStatus = 'ok' | 'warn' | 'fail';

/** The seven links of an aggregated API's chain, in the order they are checked. */
export const checkIds = ['aggregation-layer', 'apiservice', 'service', 'endpoints', 'permissions', 'probe', 'discovery'] as const;
/**
 * The links of the other out-of-process hops: an admission webhook
 * (webhook, then url or service and endpoints, then risk) and a CRD
 * (conversion, service and endpoints when it calls a webhook, stored-versions).
 */
export const hopCheckIds = ['webhook', 'conversion', 'url', 'service', 'endpoints', 'risk', 'stored-versions'] as const;
export type CheckId = (typeof checkIds)[number] | (typeof hopCheckIds)[number];

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  message: string;
  /** What the check saw, as data (documented per check in the README). */
  evidence: Record<string, unknown>;
  /** What to do, when the status is not ok. */
  hint: string | null;
}

export interface DoctorResult {
  apiService: string;
  /** namespace/name:port of the service it proxies to; absent for Local APIServices or when unreadable. */
  service?: string;
  status: CheckStatus;
  checks: CheckResult[];
}

/** What kind of hop a HopResult checks. */
export type HopKind = 'MutatingWebhook' | 'ValidatingWebhook' | 'CRD';

/** The checks of one admission webhook, or of one CRD's conversion webhook and stored versions. */
export interface HopResult {
  kind: HopKind;
  /** CONFIGURATION/WEBHOOK for a webhook, the CRD's name for a CRD. */
  name: string;
  /** Where it calls: namespace/name:port of a Service, or the URL; absent when it calls nothing (a CRD without a conversion webhook). */
  calls?: string;
  status: CheckStatus;
  checks: CheckResult[];
}

const rank: Record<CheckStatus, number> = { ok: 0, warn: 1, fail: 2 };

export function worst(statuses: CheckStatus[]): CheckStatus {
  return statuses.reduce<CheckStatus>((a, b) => (rank[b] > rank[a] ? b : a), 'ok');
}

export function check(
  id: CheckId,
  status: CheckStatus,
  message: string,
  evidence: Record<string, unknown> = {},
  hint: string | null = null,
): CheckResult {
  return { id, status, message, evidence, hint: status === 'ok' ? null : hint };
}

/** A status with its part of a check's message, combined by `combine`. */
export interface Part {
  status: CheckStatus;
  text: string;
  hint?: string;
}

export function combine(id: CheckId, parts: Part[], evidence: Record<string, unknown>): CheckResult {
  const status = worst(parts.map((part) => part.status));
  const hints = parts.filter((part) => part.status !== 'ok' && part.hint).map((part) => part.hint as string);
  return check(id, status, parts.map((part) => part.text).join('; '), evidence, hints.length > 0 ? hints.join('; ') : null);
}
