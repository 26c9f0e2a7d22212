/**
 * Shell completion as cobra (and so kubectl) answers it: given the words
 * after `kapi`, the last one being completed, the candidates and a directive
 * telling the shell what to do with them. Commands and flags come from oclif's
 * manifest; resource names, field paths, api versions and kubeconfig names
 * come from a data source (the discovery cache, a live cluster or a snapshot).
 * Pure apart from that source.
 */
import { terminalText, terminalUnsafe } from '../render/terminal-text.js';
import { requestVerbs } from '../surface/vocabulary.js';

/** Cobra's ShellCompDirective bits, which its shell scripts and kubectl's plugin completion read. */
export const Directive = {
  default: 0,
  error: 1,
  noSpace: 2,
  noFileComp: 4,
  keepOrder: 32,
} as const;

export interface Candidate {
  value: string;
  description?: string;
  /** Offered only once the word holds a dot (RESOURCE.VERSION.GROUP forms), so a bare TAB lists one name per resource. */
  afterDot?: boolean;
}

export interface Completion {
  candidates: Candidate[];
  directive: number;
}

/** What completion needs of a command, as oclif's manifest records it. */
export interface CommandSpec {
  id: string;
  summary?: string;
  hidden?: boolean;
  flags: Record<string, FlagSpec>;
  /** Positional argument names, in order. */
  args: string[];
}

export interface FlagSpec {
  name: string;
  type: 'option' | 'boolean';
  char?: string;
  options?: string[];
  summary?: string;
  description?: string;
  hidden?: boolean;
  multiple?: boolean;
  default?: unknown;
  /** The environment variable oclif reads for it. */
  env?: string;
}

/** Flag values given on the command line so far (name -> value), which choose the source. */
export type GivenFlags = Record<string, string>;

export interface CompletionData {
  /** Resource names as explain takes them (pods, deployments.apps, and deployments.v1.apps after a dot), with a description. */
  resources(flags: GivenFlags): Promise<Candidate[]>;
  /** The fields under "RESOURCE[.field.path]" (names and types); undefined when it names nothing. */
  fields(flags: GivenFlags, parent: string): Promise<Candidate[] | undefined>;
  /** group/version strings. */
  apiVersions(flags: GivenFlags): Promise<string[]>;
  /** Names in the kubeconfig. */
  kubeconfigNames(flags: GivenFlags, kind: 'contexts' | 'clusters' | 'users'): Promise<string[]>;
  /** What builtin:<name> takes: each bundled snapshot's name and each release's minor (v1.29, v1.29.6...). */
  builtinSnapshots(): string[];
  /** The lifecycle data's kinds and releases (kapi lifecycle's argument, --removed-in, --target-version). */
  lifecycle(): Promise<LifecycleCandidates>;
}

export interface LifecycleCandidates {
  kinds: Array<{ group: string; version: string; kind: string }>;
  /** Every release the data names, oldest first. */
  releases: string[];
  newestRelease: string;
}

/** What each command's positional arguments take: a resource (and for explain, a field path under it), or one of some words. */
type ArgumentKind = 'resource' | 'resource-or-field' | readonly string[];
const argumentKinds: Record<string, readonly ArgumentKind[]> = {
  explain: ['resource-or-field'],
  uri: ['resource'],
  explore: ['resource'],
  pipeline: [requestVerbs, 'resource'],
  completion: [['bash', 'zsh', 'fish']],
};

export async function complete(words: string[], commands: CommandSpec[], data: CompletionData): Promise<Completion> {
  const toComplete = words.at(-1) ?? '';
  const parsed = parseWords(words.slice(0, -1), commands);
  const flags = parsed.command?.flags ?? globalFlagSpecs(commands);
  if (parsed.pendingFlag) return flagValues(parsed.pendingFlag, '', toComplete, parsed, data);
  if (toComplete.startsWith('-') && !parsed.afterDashes) {
    const equals = toComplete.indexOf('=');
    if (toComplete.startsWith('--') && equals !== -1) {
      const spec = flags[toComplete.slice(2, equals)];
      if (spec?.type === 'option') return flagValues(spec, toComplete.slice(0, equals + 1), toComplete.slice(equals + 1), parsed, data);
      return { candidates: [], directive: Directive.noFileComp };
    }
    const candidates = Object.values(flags)
      .filter((flag) => !flag.hidden && (flag.type === 'option' || !(flag.name in parsed.flags)))
      .map((flag) => ({ value: `--${flag.name}`, description: firstLine(flag.summary ?? flag.description) }));
    return { candidates: byPrefix(candidates, toComplete), directive: Directive.noFileComp };
  }
  if (!parsed.command) {
    const candidates = commands.filter((c) => !c.hidden).map((c) => ({ value: c.id, description: firstLine(c.summary) }));
    return { candidates: byPrefix(candidates, toComplete), directive: Directive.noFileComp };
  }
  return argumentValues(parsed.command, parsed.positionals.length, toComplete, parsed.flags, data);
}

interface ParsedWords {
  command?: CommandSpec;
  positionals: string[];
  flags: GivenFlags;
  /** An option flag whose value is the word being completed. */
  pendingFlag?: FlagSpec;
  afterDashes: boolean;
}

/** Reads the finished words: the command (global flags may come first, as kapi allows), flag values, positionals. */
function parseWords(words: string[], commands: CommandSpec[]): ParsedWords {
  const byId = new Map(commands.map((c) => [c.id, c]));
  const parsed: ParsedWords = { positionals: [], flags: {}, afterDashes: false };
  const specs = () => parsed.command?.flags ?? globalFlagSpecs(commands);
  for (const word of words) {
    if (parsed.pendingFlag) {
      parsed.flags[parsed.pendingFlag.name] = word;
      parsed.pendingFlag = undefined;
    } else if (parsed.afterDashes || !word.startsWith('-') || word === '-') {
      const command = parsed.command === undefined ? byId.get(word) : undefined;
      if (command) parsed.command = command;
      else parsed.positionals.push(word);
    } else if (word === '--') {
      parsed.afterDashes = true;
    } else if (word.startsWith('--')) {
      const [name, value] = splitOnce(word.slice(2), '=');
      const spec = specs()[name];
      if (value !== undefined) parsed.flags[name] = value;
      else if (spec?.type === 'option') parsed.pendingFlag = spec;
      else parsed.flags[name] = 'true';
    } else {
      const spec = Object.values(specs()).find((flag) => flag.char === word[1]);
      if (!spec) continue;
      if (spec.type === 'boolean') parsed.flags[spec.name] = 'true';
      else if (word.length > 2) parsed.flags[spec.name] = word.slice(word[2] === '=' ? 3 : 2);
      else parsed.pendingFlag = spec;
    }
  }
  return parsed;
}

/**
 * The flags every command with connection flags takes (kubectl's connection flags, --snapshot, tracing): what may
 * precede the command.
 */
export function globalFlagSpecs(commands: CommandSpec[]): Record<string, FlagSpec> {
  // Commands that read no cluster (lifecycle) take none of them.
  const [first, ...rest] = commands.filter((command) => 'snapshot' in command.flags);
  if (!first) return {};
  return Object.fromEntries(Object.entries(first.flags).filter(([name]) => rest.every((c) => name in c.flags)));
}

async function flagValues(
  flag: FlagSpec,
  prefix: string,
  toComplete: string,
  parsed: ParsedWords,
  data: CompletionData,
): Promise<Completion> {
  const listed = (values: string[], directive: number = Directive.noFileComp): Completion => ({
    candidates: byPrefix(
      values.map((value) => ({ value: prefix + value })),
      prefix + toComplete,
    ),
    directive,
  });
  if (flag.options && flag.options.length > 0) return listed(flag.options);
  switch (flag.name) {
    case 'snapshot':
    case 'reference':
      // Or a file: the shell completes paths when nothing listed matches.
      return listed(['builtin', ...data.builtinSnapshots().map((name) => `builtin:${name}`)], Directive.default);
    case 'kubeconfig':
    case 'certificate-authority':
      return { candidates: [], directive: Directive.default };
    case 'context':
      return listed(await data.kubeconfigNames(parsed.flags, 'contexts'));
    case 'cluster':
      return listed(await data.kubeconfigNames(parsed.flags, 'clusters'));
    case 'user':
      return listed(await data.kubeconfigNames(parsed.flags, 'users'));
    case 'api-version':
      return listed(await data.apiVersions(parsed.flags));
    case 'removed-in':
    case 'deprecated-in':
      return listed((await data.lifecycle()).releases);
    case 'target-version': {
      const { releases, newestRelease } = await data.lifecycle();
      const newest = Number(newestRelease.split('.')[1]);
      return listed(releases.filter((release) => Number(release.split('.')[1]) <= newest));
    }
    default:
      return { candidates: [], directive: Directive.noFileComp };
  }
}

async function argumentValues(
  command: CommandSpec,
  index: number,
  toComplete: string,
  flags: GivenFlags,
  data: CompletionData,
): Promise<Completion> {
  const none = { candidates: [], directive: Directive.noFileComp };
  // check takes any number of files and directories: the shell completes them.
  if (command.id === 'check') return { candidates: [], directive: Directive.default };
  if (index >= command.args.length) return none;
  const kind = argumentKinds[command.id]?.[index];
  if (Array.isArray(kind))
    return {
      candidates: byPrefix(
        kind.map((value: string) => ({ value })),
        toComplete,
      ),
      directive: Directive.noFileComp,
    };
  if (kind === 'resource' || kind === 'resource-or-field') {
    const dot = toComplete.lastIndexOf('.');
    const resources = byPrefix(await data.resources(flags), toComplete)
      .filter((candidate) => dot !== -1 || !candidate.afterDot)
      .map(({ value, description }) => ({ value, description }));
    if (kind === 'resource' || dot === -1) return { candidates: resources, directive: Directive.noFileComp };
    const parent = toComplete.slice(0, dot);
    const fields = (await data.fields(flags, parent)) ?? [];
    const paths = fields.map((field) => ({ value: `${parent}.${field.value}`, description: field.description }));
    // No space after a field path, so that "." and the next field can follow.
    return { candidates: [...resources, ...byPrefix(paths, toComplete)], directive: Directive.noSpace | Directive.noFileComp };
  }
  if (command.id === 'diff') {
    const contexts = await data.kubeconfigNames(flags, 'contexts');
    const sides = ['builtin', ...data.builtinSnapshots().map((name) => `builtin:${name}`), 'live', ...contexts.map((c) => `context:${c}`)];
    return {
      candidates: byPrefix(
        sides.map((value) => ({ value })),
        toComplete,
      ),
      directive: Directive.default,
    };
  }
  if (command.id === 'lifecycle') return lifecycleSelectors((await data.lifecycle()).kinds, toComplete);
  return none;
}

/** The lifecycle data's kinds and every release it names, oldest first; none when it cannot be read. */
export async function loadLifecycleCandidates(): Promise<LifecycleCandidates> {
  try {
    const { compareReleases, loadLifecycle } = await import('../releases/lifecycle.js');
    const data = await loadLifecycle();
    const named = data.kinds.flatMap((row) => [row.introduced, row.deprecated, row.removed]);
    const releases = [...new Set(named.filter((release) => release !== null))].sort(compareReleases);
    return { kinds: [...data.kinds], releases, newestRelease: data.newestRelease };
  } catch {
    return { kinds: [], releases: [], newestRelease: '1.0' };
  }
}

/**
 * GROUP[/VERSION[/KIND]] one segment at a time: groups (the core group as "core"), then group/version, then
 * group/version/kind; no space after the first two, so that "/" can follow.
 */
function lifecycleSelectors(kinds: LifecycleCandidates['kinds'], toComplete: string): Completion {
  const depth = Math.min(toComplete.split('/').length - 1, 2);
  const values = new Set(kinds.map((row) => [row.group || 'core', row.version, row.kind].slice(0, depth + 1).join('/')));
  const candidates = byPrefix(
    [...values].map((value) => ({ value })),
    toComplete,
  );
  return { candidates, directive: depth < 2 ? Directive.noSpace | Directive.noFileComp : Directive.noFileComp };
}

/**
 * Cobra's output: one candidate a line (value, a tab and its description), then ":<directive>".
 * A value holding a character a terminal would act on (ESC, BEL, a newline, a tab, a bidi control)
 * is left out: it could not be typed anyway, and a newline would add a bogus candidate.
 */
export function formatCompletion(completion: Completion, options: { descriptions: boolean }): string {
  const typable = completion.candidates.filter((candidate) => !terminalUnsafe.test(candidate.value));
  const lines = typable.map((candidate) =>
    options.descriptions && candidate.description ? `${candidate.value}\t${oneLine(candidate.description)}` : candidate.value,
  );
  return `${[...lines, `:${completion.directive}`].join('\n')}\n`;
}

function byPrefix(candidates: Candidate[], prefix: string): Candidate[] {
  return candidates.filter((candidate) => candidate.value.startsWith(prefix));
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function firstLine(text: string | undefined): string | undefined {
  return text?.split('\n')[0];
}

/** Descriptions come from servers and manifests: one line, with no character a terminal would interpret. */
function oneLine(text: string): string {
  return terminalText(text.replace(/[\t\n]+/g, ' ').trim(), 'line');
}
