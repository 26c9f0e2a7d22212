import { terminalText } from './terminal-text.js';

/** `kapi version`'s lines, in kubectl version's words: the client's (kapi's), then the server's when given. */
export function renderVersion(versions: { client?: string; server?: string }): string {
  const lines: string[] = [];
  if (versions.client !== undefined) lines.push(`Client Version: v${versions.client}`);
  // The server's gitVersion is server text: escaped for the terminal.
  if (versions.server !== undefined) lines.push(`Server Version: ${terminalText(versions.server)}`);
  return lines.map((line) => `${line}\n`).join('');
}
