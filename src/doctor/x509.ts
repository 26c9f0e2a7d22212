import { X509Certificate } from 'node:crypto';

/** What the doctor shows of one certificate. */
export interface CertificateSummary {
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  /** Subject alternative names, as node prints them ("DNS:x, IP Address:y"). */
  subjectAltName?: string;
  ca: boolean;
}

export type ExpiryStatus = 'ok' | 'warn' | 'fail';

/** By default, within this many days of notAfter a certificate is a warning. */
export const defaultExpiryWarningDays = 30;

/** When a check runs, and how close to expiry a certificate becomes a warning. */
export interface Clock {
  now: Date;
  warnDays: number;
}
const dayMs = 86_400_000;

/** Every certificate of a PEM bundle; throws when a block is not a certificate. */
export function parseCertificates(pem: string): CertificateSummary[] {
  const blocks = pemBlocks(pem);
  if (blocks.length === 0) throw new Error('no PEM certificate found');
  return blocks.map((block) => summarize(new X509Certificate(block)));
}

const begin = '-----BEGIN CERTIFICATE-----';
const end = '-----END CERTIFICATE-----';

/**
 * The BEGIN…END CERTIFICATE blocks of a PEM bundle, in one pass: each search starts where the last
 * stopped, and a BEGIN with no END after it ends the search, so 40,000 BEGIN lines without an END
 * cost one scan (a lazy regular expression rescans the rest of the text from every BEGIN).
 */
export function pemBlocks(pem: string): string[] {
  const blocks: string[] = [];
  let from = 0;
  for (;;) {
    const start = pem.indexOf(begin, from);
    if (start < 0) return blocks;
    const stop = pem.indexOf(end, start + begin.length + 1);
    if (stop < 0) return blocks;
    blocks.push(pem.slice(start, stop + end.length));
    from = stop + end.length;
  }
}

function summarize(certificate: X509Certificate): CertificateSummary {
  return {
    subject: distinguishedName(certificate.subject),
    issuer: distinguishedName(certificate.issuer),
    notBefore: new Date(certificate.validFrom).toISOString(),
    notAfter: new Date(certificate.validTo).toISOString(),
    ...(certificate.subjectAltName ? { subjectAltName: certificate.subjectAltName } : {}),
    ca: certificate.ca,
  };
}

/** node prints one attribute per line; kapi prints them on one line, most specific first ("CN=x, O=y"). */
function distinguishedName(text: string): string {
  return text.split('\n').filter(Boolean).reverse().join(', ');
}

/** The worst expiry of a bundle: fail when any certificate has expired or is not yet valid, warn inside warnDays. */
export function expiryStatus(certificates: CertificateSummary[], { now, warnDays }: Clock): ExpiryStatus {
  let status: ExpiryStatus = 'ok';
  for (const certificate of certificates) {
    const notAfter = Date.parse(certificate.notAfter);
    if (notAfter <= now.getTime() || Date.parse(certificate.notBefore) > now.getTime()) return 'fail';
    if (notAfter - now.getTime() < warnDays * dayMs) status = 'warn';
  }
  return status;
}

/** "CN=x valid until 2027-01-01", "CN=x expired on 2020-01-01", "CN=x expires in 12 days (2027-01-01)". */
export function describeValidity(certificate: CertificateSummary, { now, warnDays }: Clock): string {
  const notAfter = Date.parse(certificate.notAfter);
  const day = certificate.notAfter.slice(0, 10);
  if (Date.parse(certificate.notBefore) > now.getTime())
    return `${certificate.subject} not valid before ${certificate.notBefore.slice(0, 10)}`;
  if (notAfter <= now.getTime()) return `${certificate.subject} expired on ${day}`;
  const days = Math.floor((notAfter - now.getTime()) / dayMs);
  if (days < warnDays) return `${certificate.subject} expires in ${days} days (${day})`;
  return `${certificate.subject} valid until ${day}`;
}

/**
 * Says in plain words which side of a TLS handshake is wrong, from the x509
 * error the aggregator put in the APIService's Available message.
 */
export function diagnoseX509(message: string, serviceHost: string): string | undefined {
  if (/x509: certificate signed by unknown authority/.test(message)) {
    return `the caBundle does not sign the serving certificate of ${serviceHost}: set caBundle to the CA that issued it`;
  }
  const names = /x509: certificate is valid for ([^,]+(?:, [^,]+)*?), not ([^\s"]+)/.exec(message);
  if (names || /x509: certificate is not valid for any names/.test(message)) {
    const valid = names ? ` (it names ${names[1]})` : '';
    return `the serving certificate does not name ${serviceHost}${valid}: reissue it with that DNS name`;
  }
  if (/x509: certificate has expired or is not yet valid/.test(message)) {
    return 'the serving certificate or a CA in its chain has expired or is not yet valid: renew it';
  }
  if (/x509: /.test(message)) return `the serving certificate is rejected: ${/x509: [^"]*/.exec(message)?.[0] ?? message}`;
  return undefined;
}
