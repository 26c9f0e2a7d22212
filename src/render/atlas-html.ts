import type { AtlasModel } from '../surface/atlas.js';
import { atlasScript, atlasStyle } from './atlas-page.js';

/**
 * One self-contained HTML page: no network (a Content-Security-Policy forbids
 * it), opens from a file URL. The model travels as JSON inside a
 * <script type="application/json"> element; the page's own script builds the
 * DOM from it with textContent only, so server text is never parsed as HTML.
 */
export function renderAtlasHtml(model: AtlasModel): string {
  const resources = model.groups.reduce((count, group) => count + group.versions.reduce((n, v) => n + v.resources.length, 0), 0);
  const subtitle = `${model.source}${model.serverVersion ? ` · ${model.serverVersion}` : ''} · ${model.groups.length} groups · ${resources} resources`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(model.title)}</title>
<style>${atlasStyle}</style>
</head>
<body>
<header>
<h1>${escapeHtml(model.title)}</h1>
<p class="subtitle">${escapeHtml(subtitle)}</p>
<div class="legend" aria-label="legend">
<span class="chip served-local">Local</span><span class="chip served-crd">CRD</span><span class="chip served-aggregated">Aggregated</span><span class="chip served-unknown">Unknown</span><span class="chip avail-unavailable">Unavailable</span><span class="chip avail-stale">Stale</span><span class="chip avail-failed">Failed</span>
</div>
<input id="search" type="search" placeholder="Search resources, kinds, short names and field paths" autocomplete="off" spellcheck="false" aria-label="search">
</header>
<main>
<nav id="groups" aria-label="groups"></nav>
<div id="panel">
<section id="results" hidden></section>
<article id="detail"><p class="hint">Choose a resource on the left, or search.</p></article>
</div>
</main>
<script type="application/json" id="atlas-data">${jsonForScript(model)}</script>
<script>${atlasScript}</script>
</body>
</html>
`;
}

/** Text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON that cannot end its <script> element or open a comment: every <, > and &
 * becomes a \\u escape (so "</script>" and "<!--" never appear), and so do the
 * line separators U+2028/U+2029. JSON.parse reads it back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
