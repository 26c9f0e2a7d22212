import parsePrometheusTextFormat from 'parse-prometheus-text-format';

/** One series of kube-apiserver's apiserver_requested_deprecated_apis gauge: a deprecated API some client requested. */
export interface RequestedDeprecatedApi {
  group: string;
  version: string;
  resource: string;
  subresource: string;
  /** "1.25"; "" when no removal is planned (CRD versions). */
  removedRelease: string;
}

export const requestedDeprecatedApisMetric = 'apiserver_requested_deprecated_apis';

/**
 * The deprecated APIs clients requested since the server started, from the
 * Prometheus text exposition of /metrics. Series whose value is not 1 are
 * ignored (the gauge is set to 1 on a request).
 */
export function requestedDeprecatedApis(metricsText: string): RequestedDeprecatedApi[] {
  const family = parsePrometheusTextFormat(familyLines(metricsText, requestedDeprecatedApisMetric)).find(
    (candidate) => candidate.name === requestedDeprecatedApisMetric,
  );
  return (family?.metrics ?? [])
    .filter((sample) => Number(sample.value) > 0)
    .map(({ labels = {} }) => ({
      group: labels.group ?? '',
      version: labels.version ?? '',
      resource: labels.resource ?? '',
      subresource: labels.subresource ?? '',
      removedRelease: labels.removed_release ?? '',
    }));
}

/**
 * Only the lines of one metric family (its HELP, TYPE and samples): kube-apiserver's
 * /metrics is about 2 MB, and parsing all of it takes ~0.4 s where one family takes ~1 ms.
 */
function familyLines(text: string, name: string): string {
  const own = (line: string) =>
    line === `# HELP ${name}` ||
    line.startsWith(`# HELP ${name} `) ||
    line.startsWith(`# TYPE ${name} `) ||
    line.startsWith(`${name}{`) ||
    line.startsWith(`${name} `);
  return `${text.split('\n').filter(own).join('\n')}\n`;
}
