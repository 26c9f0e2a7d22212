/**
 * The texts of the deprecation warnings in a Warning header: RFC 7234 warn-values
 * with code 299 (`299 - "text"`), as kube-apiserver sends them. Several values
 * may share one header line, separated by commas.
 */
export function deprecationWarnings(header: string | undefined): string[] {
  if (!header) return [];
  const texts: string[] = [];
  for (const match of header.matchAll(/(?:^|,)\s*299\s+\S+\s+"((?:[^"\\]|\\.)*)"/g)) {
    texts.push((match[1] ?? '').replace(/\\(.)/g, '$1'));
  }
  return texts;
}
