// kapi doctor on the real control plane: the harness's wardle server and
// broken APIService, plus the variants of doctor-variants.ts (a healthy
// sample-apiserver with a verified caBundle behind a ClusterIP Service on
// loopback whose hand-written EndpointSlice has a ready address, a caBundle that does not sign the
// serving certificate, an expired caBundle, a certificate that does not name
// the service, a Service without endpoints, a hand-written EndpointSlice with no
// ready address, a service account without the reader binding). Exact output;
// ports, dates, cluster IPs and latencies are the only parts normalised.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { DoctorResult } from '../../src/doctor/model.ts';
import type { AuditReport } from '../../src/surface/audit.ts';
import { keepScreenshot, launchChromium, openPage, screenshotDir } from '../support/chromium.ts';
import { assertMatchesSchema } from '../support/json-schemas.ts';
import { kapi } from '../support/run-cli.ts';
import { announceSkip, BROKEN_APISERVICE, type Cluster, e2eAvailability, startCluster } from './cluster.ts';
import { makeCertificates, setUpVariants, startTlsWardle, type TlsWardle, variants } from './doctor-variants.ts';

const skip = announceSkip(e2eAvailability());
if (skip) it('doctor e2e', { skip }, () => {});

/** The TLS sample-apiserver's port, which the api-tls Service also names (set once it runs). */
let tlsPort = 0;

/** Ports, dates, cluster IPs and latencies change per run; everything else is asserted as printed. */
function normalise(text: string): string {
  return text
    .replace(/:[0-9]{4,5}\b/g, ':PORT')
    .replaceAll(`port ${tlsPort}`, 'port PORT')
    .replace(/[0-9]{4}-[0-9]{2}-[0-9]{2}/g, 'DATE')
    .replace(/[0-9]+ ms\b/g, 'N ms')
    .replace(/10\.0\.0\.[0-9]+/g, 'CLUSTER-IP');
}

describe('kapi doctor on a real control plane', { skip }, () => {
  let cluster: Cluster;
  let wardle: TlsWardle | undefined;
  let certDir = '';
  // The harness's CAs are valid for 10 days: --expiry-warn-days 7 keeps them ok (the default 30 warns, tested below).
  const doctor = (args: string[]) => kapi(['doctor', ...args, '--kubeconfig', cluster.kubeconfig]);

  before(async () => {
    cluster = await startCluster({ broken: true });
    certDir = await mkdtemp(join(tmpdir(), 'kapi-doctor-certs-'));
    const certs = await makeCertificates(certDir);
    wardle = await startTlsWardle(cluster, certs);
    tlsPort = wardle.port;
    await setUpVariants(cluster, certs, wardle.port);
    // Aggregated discovery picks the failures up asynchronously: wait until it marks them Stale.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = await doctor(['-o', 'json', '--expiry-warn-days', '7']);
      const document = JSON.parse(r.stdout);
      assertMatchesSchema('doctor', document);
      const items = (document as { items: DoctorResult[] }).items;
      const stale = items
        .filter((item) => item.checks.find((check) => check.id === 'discovery')?.message.includes('is Stale'))
        .map((item) => item.apiService);
      if (
        stale.join(' ') === [BROKEN_APISERVICE, variants.noEndpoints.name, variants.notReady.name, variants.wrongName.name].sort().join(' ')
      )
        break;
      if (Date.now() > deadline) throw new Error(`discovery did not settle: ${r.stdout}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });
  after(async () => {
    wardle?.stop();
    await cluster?.stop();
    if (certDir) await rm(certDir, { recursive: true, force: true });
  });

  it('without an argument: one line per non-Local APIService, the failing ones expanded; exit 10', async () => {
    const r = await doctor(['--expiry-warn-days', '7']);
    assert.equal(r.code, 10, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(
      normalise(r.stdout),
      `APISERVICE                    SERVICE                   STATUS   CHECKS
v1.badca.example.com          wardle/api-tls:PORT      fail     3 ok, 2 warn, 2 fail
v1.broken.example.com         wardle/missing:443        fail     1 ok, 2 warn, 4 fail
v1.expiredca.example.com      wardle/api-tls:PORT      fail     3 ok, 2 warn, 2 fail
v1.noendpoints.example.com    wardle/no-endpoints:443   fail     2 ok, 5 fail
v1.notready.example.com       wardle/not-ready:443      fail     2 ok, 1 warn, 4 fail
v1.wrongname.example.com      wardle/api-other:PORT    fail     3 ok, 1 warn, 3 fail
v1alpha1.wardle.example.com   wardle/api:PORT          warn     5 ok, 2 warn
v1beta1.wardle.example.com    wardle/api-tls:PORT      warn     6 ok, 1 warn

APIService v1.badca.example.com -> wardle/api-tls:PORT: fail
  ok    aggregation-layer  request-header CA CN=kapi-e2e-front-proxy-ca valid until DATE; allowed names: front-proxy-client; headers: X-Remote-User, X-Remote-Group
  fail  apiservice         Available=False (FailedDiscoveryCheck): failing or missing response from https://127.0.100.2:PORT/apis/badca.example.com/v1: Get "https://127.0.100.2:PORT/apis/badca.example.com/v1": tls: failed to verify certificate: x509: certificate signed by unknown authority; priority 1000/15; caBundle CN=kapi-doctor-other-ca valid until DATE (issuer CN=kapi-doctor-other-ca)
                           hint: the caBundle does not sign the serving certificate of api-tls.wardle.svc: set caBundle to the CA that issued it
  ok    service            ClusterIP service wardle/api-tls 127.0.100.2, port PORT -> target port PORT
  ok    endpoints          1 ready address(es) for port "https": 192.0.2.10; no selector
  warn  permissions        cannot check: the extension server's service account is unknown (no pods behind the service)
                           hint: pass --service-account NAMESPACE/NAME
  fail  probe              GET /apis/badca.example.com/v1: 503 Service Unavailable: service unavailable (N ms)
                           hint: the aggregator cannot reach the extension server; see the checks above
  warn  discovery          badca.example.com/v1 is listed Current but with no resources
                           hint: the server behind the APIService does not serve this group-version (kube-apiserver fetches discovery once per service)

APIService v1.broken.example.com -> wardle/missing:443: fail
  ok    aggregation-layer  request-header CA CN=kapi-e2e-front-proxy-ca valid until DATE; allowed names: front-proxy-client; headers: X-Remote-User, X-Remote-Group
  fail  apiservice         Available=False (ServiceNotFound): service/missing in "wardle" is not present; priority 1000/15; insecureSkipTLSVerify: the serving certificate is not verified
                           hint: see the checks below for the broken link; set caBundle to the CA that signs the serving certificate for missing.wardle.svc and drop insecureSkipTLSVerify
  fail  service            service wardle/missing not found
                           hint: create the Service wardle/missing, or point spec.service of the APIService at the right one
  warn  endpoints          cannot check: service wardle/missing not found
  warn  permissions        cannot check: the extension server's service account is unknown (no pods behind the service)
                           hint: pass --service-account NAMESPACE/NAME
  fail  probe              GET /apis/broken.example.com/v1: 503 Service Unavailable: service unavailable (N ms)
                           hint: the aggregator cannot reach the extension server; see the checks above
  fail  discovery          broken.example.com/v1 is Stale in aggregated discovery (no resources)
                           hint: the aggregator last failed to fetch its discovery; see the checks above

APIService v1.expiredca.example.com -> wardle/api-tls:PORT: fail
  ok    aggregation-layer  request-header CA CN=kapi-e2e-front-proxy-ca valid until DATE; allowed names: front-proxy-client; headers: X-Remote-User, X-Remote-Group
  fail  apiservice         Available=False (FailedDiscoveryCheck): failing or missing response from https://127.0.100.2:PORT/apis/expiredca.example.com/v1: Get "https://127.0.100.2:PORT/apis/expiredca.example.com/v1": tls: failed to verify certificate: x509: certificate signed by unknown authority; priority 1000/15; caBundle CN=kapi-doctor-expired-ca expired on DATE (issuer CN=kapi-doctor-expired-ca)
                           hint: the caBundle does not sign the serving certificate of api-tls.wardle.svc: set caBundle to the CA that issued it; renew the CA in caBundle and the serving certificate it signs
  ok    service            ClusterIP service wardle/api-tls 127.0.100.2, port PORT -> target port PORT
  ok    endpoints          1 ready address(es) for port "https": 192.0.2.10; no selector
  warn  permissions        cannot check: the extension server's service account is unknown (no pods behind the service)
                           hint: pass --service-account NAMESPACE/NAME
  fail  probe              GET /apis/expiredca.example.com/v1: 503 Service Unavailable: service unavailable (N ms)
                           hint: the aggregator cannot reach the extension server; see the checks above
  warn  discovery          expiredca.example.com/v1 is listed Current but with no resources
                           hint: the server behind the APIService does not serve this group-version (kube-apiserver fetches discovery once per service)

APIService v1.noendpoints.example.com -> wardle/no-endpoints:443: fail
  ok    aggregation-layer  request-header CA CN=kapi-e2e-front-proxy-ca valid until DATE; allowed names: front-proxy-client; headers: X-Remote-User, X-Remote-Group
  fail  apiservice         Available=False (EndpointsNotFound): cannot find endpointslices for service/no-endpoints in "wardle"; priority 1000/15; insecureSkipTLSVerify: the serving certificate is not verified
                           hint: see the checks below for the broken link; set caBundle to the CA that signs the serving certificate for no-endpoints.wardle.svc and drop insecureSkipTLSVerify
  ok    service            ClusterIP service wardle/no-endpoints CLUSTER-IP, port 443 -> target port 8443
  fail  endpoints          no EndpointSlices for service wardle/no-endpoints; pods: ghost-0 Pending, not ready, 0 restarts
                           hint: the pods behind app=ghost are missing or not ready; see kubectl -n wardle describe pod ghost-0
  fail  permissions        service account wardle/ghost may not create tokenreviews, create subjectaccessreviews, get configmap kube-system/extension-apiserver-authentication
                           hint: kubectl create clusterrolebinding ghost:system:auth-delegator --clusterrole=system:auth-delegator --serviceaccount=wardle:ghost; kubectl -n kube-system create rolebinding ghost:extension-apiserver-authentication-reader --role=extension-apiserver-authentication-reader --serviceaccount=wardle:ghost
  fail  probe              GET /apis/noendpoints.example.com/v1: 503 Service Unavailable: service unavailable (N ms)
                           hint: the aggregator cannot reach the extension server; see the checks above
  fail  discovery          noendpoints.example.com/v1 is Stale in aggregated discovery (no resources)
                           hint: the aggregator last failed to fetch its discovery; see the checks above

APIService v1.notready.example.com -> wardle/not-ready:443: fail
  ok    aggregation-layer  request-header CA CN=kapi-e2e-front-proxy-ca valid until DATE; allowed names: front-proxy-client; headers: X-Remote-User, X-Remote-Group
  fail  apiservice         Available=False (MissingEndpoints): endpointslices for service/not-ready in "wardle" have no addresses with port name "https"; priority 1000/15; insecureSkipTLSVerify: the serving certificate is not verified
                           hint: see the checks below for the broken link; set caBundle to the CA that signs the serving certificate for not-ready.wardle.svc and drop insecureSkipTLSVerify
  ok    service            ClusterIP service wardle/not-ready CLUSTER-IP, port 443 -> target port 8443
  fail  endpoints          1 EndpointSlice(s), no ready address for port "https"; no selector
                           hint: the Service has no selector, so its EndpointSlices are written by hand
  warn  permissions        cannot check: the extension server's service account is unknown (no pods behind the service)
                           hint: pass --service-account NAMESPACE/NAME
  fail  probe              GET /apis/notready.example.com/v1: 503 Service Unavailable: service unavailable (N ms)
                           hint: the aggregator cannot reach the extension server; see the checks above
  fail  discovery          notready.example.com/v1 is Stale in aggregated discovery (no resources)
                           hint: the aggregator last failed to fetch its discovery; see the checks above

APIService v1.wrongname.example.com -> wardle/api-other:PORT: fail
  ok    aggregation-layer  request-header CA CN=kapi-e2e-front-proxy-ca valid until DATE; allowed names: front-proxy-client; headers: X-Remote-User, X-Remote-Group
  fail  apiservice         Available=False (FailedDiscoveryCheck): failing or missing response from https://127.0.0.1:PORT/apis/wrongname.example.com/v1: Get "https://127.0.0.1:PORT/apis/wrongname.example.com/v1": tls: failed to verify certificate: x509: certificate is valid for api-tls.wardle.svc, not api-other.wardle.svc; priority 1000/15; caBundle CN=kapi-doctor-ca valid until DATE (issuer CN=kapi-doctor-ca)
                           hint: the serving certificate does not name api-other.wardle.svc (it names api-tls.wardle.svc): reissue it with that DNS name
  ok    service            ExternalName service: kube-apiserver dials 127.0.0.1:PORT
  ok    endpoints          ExternalName service: no endpoints, kube-apiserver resolves 127.0.0.1
  warn  permissions        cannot check: the extension server's service account is unknown (no pods behind the service)
                           hint: pass --service-account NAMESPACE/NAME
  fail  probe              GET /apis/wrongname.example.com/v1: 503 Service Unavailable: service unavailable (N ms)
                           hint: the aggregator cannot reach the extension server; see the checks above
  fail  discovery          wrongname.example.com/v1 is Stale in aggregated discovery (no resources)
                           hint: the aggregator last failed to fetch its discovery; see the checks above
`,
    );
  });

  it('the healthy server with a verified caBundle and a bound service account: every check ok, exit 0', async () => {
    const r = await doctor([variants.healthy.name, '--service-account', 'wardle/apiserver', '--expiry-warn-days', '7']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      normalise(r.stdout),
      `APIService v1beta1.wardle.example.com -> wardle/api-tls:PORT: ok
  ok    aggregation-layer  request-header CA CN=kapi-e2e-front-proxy-ca valid until DATE; allowed names: front-proxy-client; headers: X-Remote-User, X-Remote-Group
  ok    apiservice         Available=True (Passed); priority 1000/15; caBundle CN=kapi-doctor-ca valid until DATE (issuer CN=kapi-doctor-ca)
  ok    service            ClusterIP service wardle/api-tls 127.0.100.2, port PORT -> target port PORT
  ok    endpoints          1 ready address(es) for port "https": 192.0.2.10; no selector
  ok    permissions        service account wardle/apiserver may create tokenreviews and subjectaccessreviews and read kube-system/extension-apiserver-authentication
  ok    probe              GET /apis/wardle.example.com/v1beta1: 200 OK in N ms
  ok    discovery          wardle.example.com/v1beta1 in aggregated discovery, Current, preferred, 1 resource(s)
`,
    );
  });

  it('-o json: {apiService, service, status, checks: [{id, status, message, evidence, hint}]}', async () => {
    const r = await doctor([variants.healthy.name, '--service-account', 'wardle/apiserver', '--expiry-warn-days', '7', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout) as DoctorResult;
    assertMatchesSchema('doctor', result);
    assert.deepEqual(Object.keys(result), ['apiService', 'service', 'status', 'checks']);
    assert.deepEqual(
      result.checks.map((check) => [check.id, check.status, Object.keys(check).join(',')]),
      ['aggregation-layer', 'apiservice', 'service', 'endpoints', 'permissions', 'probe', 'discovery'].map((id) => [
        id,
        'ok',
        'id,status,message,evidence,hint',
      ]),
    );
    const apiservice = result.checks[1];
    assert.deepEqual(
      (apiservice?.evidence.caBundle as Array<{ subject: string }>).map((c) => c.subject),
      ['CN=kapi-doctor-ca'],
    );
    assert.deepEqual(result.checks[4]?.evidence.reviews, [
      { permission: 'create tokenreviews', allowed: true },
      { permission: 'create subjectaccessreviews', allowed: true },
      { permission: 'get configmap kube-system/extension-apiserver-authentication', allowed: true },
    ]);
  });

  it('a service account without the reader binding fails the permissions check (SubjectAccessReview)', async () => {
    const r = await doctor([variants.healthy.name, '--service-account', 'wardle/no-reader', '--expiry-warn-days', '7']);
    assert.equal(r.code, 10, r.stderr);
    assert.equal(
      normalise(r.stdout),
      `APIService v1beta1.wardle.example.com -> wardle/api-tls:PORT: fail
  ok    aggregation-layer  request-header CA CN=kapi-e2e-front-proxy-ca valid until DATE; allowed names: front-proxy-client; headers: X-Remote-User, X-Remote-Group
  ok    apiservice         Available=True (Passed); priority 1000/15; caBundle CN=kapi-doctor-ca valid until DATE (issuer CN=kapi-doctor-ca)
  ok    service            ClusterIP service wardle/api-tls 127.0.100.2, port PORT -> target port PORT
  ok    endpoints          1 ready address(es) for port "https": 192.0.2.10; no selector
  fail  permissions        service account wardle/no-reader may not get configmap kube-system/extension-apiserver-authentication
                           hint: kubectl -n kube-system create rolebinding no-reader:extension-apiserver-authentication-reader --role=extension-apiserver-authentication-reader --serviceaccount=wardle:no-reader
  ok    probe              GET /apis/wardle.example.com/v1beta1: 200 OK in N ms
  ok    discovery          wardle.example.com/v1beta1 in aggregated discovery, Current, preferred, 1 resource(s)
`,
    );
  });

  it('a viewer who may not read APIServices: warnings, never an abort; the probe and discovery still run', async () => {
    const r = await doctor(['wardle.example.com', '--context', 'viewer']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      normalise(r.stdout),
      `APIService v1beta1.wardle.example.com: warn
  warn  aggregation-layer  request-header CA CN=kapi-e2e-front-proxy-ca expires in 9 days (DATE); allowed names: front-proxy-client; headers: X-Remote-User, X-Remote-Group
                           hint: renew the request-header (front-proxy) CA and the proxy client certificate, then restart kube-apiserver
  warn  apiservice         cannot check: forbidden (get apiservice v1beta1.wardle.example.com)
  warn  service            cannot check: forbidden (get apiservice v1beta1.wardle.example.com)
  warn  endpoints          cannot check: forbidden (get apiservice v1beta1.wardle.example.com)
  warn  permissions        cannot check: forbidden (get apiservice v1beta1.wardle.example.com)
  ok    probe              GET /apis/wardle.example.com/v1beta1: 200 OK in N ms
  ok    discovery          wardle.example.com/v1beta1 in aggregated discovery, Current, preferred, 1 resource(s)

APIService v1alpha1.wardle.example.com: warn
  warn  aggregation-layer  request-header CA CN=kapi-e2e-front-proxy-ca expires in 9 days (DATE); allowed names: front-proxy-client; headers: X-Remote-User, X-Remote-Group
                           hint: renew the request-header (front-proxy) CA and the proxy client certificate, then restart kube-apiserver
  warn  apiservice         cannot check: forbidden (get apiservice v1alpha1.wardle.example.com)
  warn  service            cannot check: forbidden (get apiservice v1alpha1.wardle.example.com)
  warn  endpoints          cannot check: forbidden (get apiservice v1alpha1.wardle.example.com)
  warn  permissions        cannot check: forbidden (get apiservice v1alpha1.wardle.example.com)
  ok    probe              GET /apis/wardle.example.com/v1alpha1: 200 OK in N ms
  ok    discovery          wardle.example.com/v1alpha1 in aggregated discovery, Current, 2 resource(s)
`,
    );
  });

  it('-o yaml of the broken APIService', async () => {
    const r = await doctor([BROKEN_APISERVICE, '-o', 'yaml']);
    assert.equal(r.code, 10, r.stderr);
    assert.match(
      r.stdout,
      /^apiService: v1\.broken\.example\.com\nservice: wardle\/missing:443\nstatus: fail\nchecks:\n {2}- id: aggregation-layer\n/,
    );
  });

  it('audit --html: one self-contained page with the findings by severity, the doctor chains and the served-by table (headless Chromium)', async () => {
    const file = join(certDir, 'audit.html');
    const r = await kapi(['audit', '--html', file, '--fail-on', 'none', '-o', 'json', '--kubeconfig', cluster.kubeconfig]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^Wrote .*audit\.html$/m);
    const report = JSON.parse(r.stdout) as AuditReport;
    const browser = await launchChromium();
    try {
      const { page, errors, requests } = await openPage(browser, pathToFileURL(file).href);
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, [pathToFileURL(file).href], 'the page makes no request but its own file');
      for (const severity of ['error', 'warning', 'info'] as const) {
        assert.equal(await page.locator(`#severity-${severity} tr.finding`).count(), report.summary[severity], severity);
      }
      assert.equal(await page.locator('#doctor article.chain').count(), 8);
      assert.equal(await page.locator('#doctor article.chain.status-fail').count(), 6);
      const broken = page.locator('article.chain[data-apiservice="v1.broken.example.com"]');
      assert.equal(await broken.locator('li.link').count(), 7);
      assert.equal(await broken.locator('li.link.fail[data-check="service"] .message').textContent(), 'service wardle/missing not found');
      const wrongName = page.locator('article.chain[data-apiservice="v1.wrongname.example.com"] li[data-check="apiservice"] .hint');
      assert.equal(
        await wrongName.textContent(),
        'hint: the serving certificate does not name api-other.wardle.svc (it names api-tls.wardle.svc): reissue it with that DNS name',
      );
      const row = page.locator('#served-by tr', { hasText: 'wardle.example.com/v1beta1' });
      assert.deepEqual((await row.locator('td').allTextContents()).slice(0, 3), [
        'wardle.example.com/v1beta1',
        'Aggregated',
        'v1beta1.wardle.example.com',
      ]);
      assert.equal(await page.locator('#served-by tr.stale').count(), 4);
      const shots = screenshotDir('audit-html');
      await page.locator('#doctor h2').evaluate((element) => element.scrollIntoView());
      await page.screenshot({ path: join(shots, 'audit-doctor.png') });
      await page.screenshot({ path: join(shots, 'audit-full.png'), fullPage: true });
      keepScreenshot(join(shots, 'audit-doctor.png'), new URL('./audit-html-screenshots/', import.meta.url));
    } finally {
      await browser.close();
    }
  });
});
