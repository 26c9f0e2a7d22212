import type { HttpExchange } from './exchange.js';

/**
 * The credential boundary of tracing: every traced line passes through a
 * Redactor, so no token, password, client key or certificate reaches stderr
 * at any level.
 */

const knownAuthTypes = new Set(['bearer', 'basic', 'negotiate']);

/** client-go's maskValue: keep a known scheme, mask the credential; unknown schemes are masked whole. */
export function maskAuthorization(name: string, value: string): string {
  if (name.toLowerCase() !== 'authorization' || value === '') return value;
  const space = value.indexOf(' ');
  const scheme = space > 0 ? value.slice(0, space) : value;
  if (!knownAuthTypes.has(scheme.toLowerCase())) return '<masked>';
  return value.length > scheme.length + 1 ? `${scheme} <masked>` : scheme;
}

const mask = '<masked>';
/** PEM private keys, in clear or base64-encoded ("-----BEGIN" is "LS0tLS1CRUdJTi" in base64). */
const pemPrivateKey = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;
const base64Pem = /LS0tLS1CRUdJTi[A-Za-z0-9+/=]*/g;
/** Bearer and Basic credentials written anywhere in a line. */
const inlineAuthorization = /\b(Bearer|Basic)\s+(?!<masked>)[A-Za-z0-9._~+/=:-]{16,}/g;
/** Query parameters that carry credentials (e.g. ?access_token= on some proxies). */
const credentialQuery = /([?&](?:access_token|token|password|secret)=)[^&\s"]+/gi;
/** JSON fields that hold credentials: kubeconfig users, ExecCredential status, TokenRequest status. */
const credentialFields =
  /("(?:token|password|client-key-data|client-certificate-data|clientKeyData|clientCertificateData|access-token|id-token|refresh-token|idToken|refreshToken)"\s*:\s*)"(?:[^"\\]|\\.)*"/g;

/**
 * Removes every credential kapi knows of (the tokens and passwords it sends,
 * the client key and certificate it presents) and every credential-shaped
 * text (PEM private keys, Bearer/Basic values, credential JSON fields) from a line.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(values: Array<string | Buffer | undefined>): void {
    for (const value of values) {
      if (value === undefined) continue;
      const text = Buffer.isBuffer(value) ? value.toString('utf8') : value;
      this.addOne(text.trim());
      this.addOne(Buffer.from(text).toString('base64'));
      // A PEM block: each base64 line of its body is secret too.
      for (const line of text.split('\n')) if (!line.startsWith('-----')) this.addOne(line.trim());
    }
  }

  /** Learns the credentials in request headers: the bearer token, and the basic user:password. */
  learn(headers: Record<string, string>): void {
    for (const [name, value] of Object.entries(headers)) {
      if (name.toLowerCase() !== 'authorization') continue;
      const [scheme, credential] = value.split(/\s+/, 2) as [string, string | undefined];
      if (!credential) {
        this.addOne(value);
        continue;
      }
      this.addOne(credential);
      if (scheme.toLowerCase() === 'basic') {
        const decoded = Buffer.from(credential, 'base64').toString('utf8');
        this.addOne(decoded);
        const colon = decoded.indexOf(':');
        if (colon >= 0) this.addOne(decoded.slice(colon + 1));
      }
    }
  }

  /**
   * A copy of the exchange with credentials removed from the URL, header
   * values, body and error, before any quoting can hide them from the patterns.
   * Authorization keeps its scheme (client-go's format masks it again).
   */
  maskExchange(exchange: HttpExchange): HttpExchange {
    const maskHeaders = (headers: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(headers).map(([name, value]) => [
          name,
          name.toLowerCase() === 'authorization' ? maskAuthorization(name, value) : this.mask(value),
        ]),
      );
    const body = exchange.body;
    const textBody = body !== undefined && !body.some((byte) => byte < 0x0a);
    return {
      ...exchange,
      url: this.mask(exchange.url),
      requestHeaders: maskHeaders(exchange.requestHeaders),
      responseHeaders: exchange.responseHeaders && maskHeaders(exchange.responseHeaders),
      body: body && (textBody ? Buffer.from(this.mask(body.toString('utf8'))) : Buffer.from(this.mask(body.toString('latin1')), 'latin1')),
      error: exchange.error && this.mask(exchange.error),
    };
  }

  mask(text: string): string {
    let out = text
      .replace(pemPrivateKey, mask)
      .replace(base64Pem, mask)
      .replace(credentialFields, `$1"${mask}"`)
      .replace(inlineAuthorization, `$1 ${mask}`)
      .replace(credentialQuery, `$1${mask}`);
    // Longest first, so a secret containing another is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.replaceAll(secret, mask);
    for (const secret of this.secrets) {
      const escaped = JSON.stringify(secret).slice(1, -1);
      if (escaped !== secret) out = out.replaceAll(escaped, mask);
    }
    return out;
  }

  private addOne(value: string): void {
    // Short values (a user name, "1") would mask ordinary text; credentials are longer.
    if (value.length >= 8) this.secrets.add(value);
  }
}
