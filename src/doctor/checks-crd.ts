import type { CrdDocument } from '../pipeline/documents.js';
import { clientConfigParts } from './checks-webhook.js';
import { type CheckResult, check, combine, type Part } from './model.js';
import type { Clock } from './x509.js';

export function storageVersion(crd: CrdDocument): string | undefined {
  return crd.spec.versions?.find((version) => version.storage === true)?.name;
}

export function servedVersions(crd: CrdDocument): string[] {
  return (crd.spec.versions ?? []).filter((version) => version.served === true).map((version) => version.name);
}

/** The CRD's conversion: None, or a webhook with where it calls and its caBundle; down, it breaks every converting request. */
export function checkConversion(crd: CrdDocument, clock: Clock, down: boolean | undefined): CheckResult {
  const strategy = crd.spec.conversion?.strategy ?? 'None';
  const served = servedVersions(crd);
  const storage = storageVersion(crd) ?? '-';
  const evidence: Record<string, unknown> = { strategy, served, storage };
  if (strategy !== 'Webhook') return check('conversion', 'ok', `strategy ${strategy}: versions differ only in apiVersion`, evidence);
  const webhook = crd.spec.conversion?.webhook;
  const config = webhook?.clientConfig;
  if (!config) {
    return check(
      'conversion',
      'fail',
      'strategy Webhook without a webhook client config',
      evidence,
      'set spec.conversion.webhook.clientConfig',
    );
  }
  evidence.conversionReviewVersions = webhook?.conversionReviewVersions ?? [];
  const parts: Part[] = [
    { status: 'ok', text: `strategy Webhook (served ${served.join(', ') || 'none'}, storage ${storage})` },
    ...clientConfigParts(config, clock, evidence),
  ];
  if (down) {
    parts.push({
      status: 'fail',
      text: `the conversion webhook is down: every request for ${crd.spec.names.plural} that needs another version than the stored one fails (listing in any version but ${storage} fails once objects exist)`,
      hint: 'restore the conversion webhook, or read and write only the storage version until it is back',
    });
  }
  return combine('conversion', parts, evidence);
}

/** status.storedVersions: a version no longer served (fail) or deprecated (warn) still holds objects in etcd. */
export function checkStoredVersions(crd: CrdDocument): CheckResult {
  const stored = crd.status?.storedVersions ?? [];
  const storage = storageVersion(crd) ?? '-';
  const versions = new Map((crd.spec.versions ?? []).map((version) => [version.name, version]));
  const evidence: Record<string, unknown> = { storedVersions: stored, storage };
  const parts: Part[] = [{ status: 'ok', text: `storedVersions ${stored.join(', ') || 'none'} (storage ${storage})` }];
  const migrate = (version: string) =>
    `migrate every ${crd.spec.names.plural} object to ${storage} (read and write each one back, or run kube-storage-version-migrator), then remove ${version} from status.storedVersions through the status subresource`;
  for (const name of stored) {
    const version = versions.get(name);
    if (version?.served !== true) {
      parts.push({
        status: 'fail',
        text: `${name} is no longer served: objects stored in it cannot be read back without a migration`,
        hint: migrate(name),
      });
    } else if (version.deprecated === true) {
      parts.push({
        status: 'warn',
        text: `${name} is deprecated${version.deprecationWarning ? ` (${version.deprecationWarning})` : ''}`,
        hint: migrate(name),
      });
    }
  }
  return combine('stored-versions', parts, evidence);
}
