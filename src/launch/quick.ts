import { readFileSync } from 'node:fs';
import { release } from 'node:os';
import { fileURLToPath } from 'node:url';

/** What the build writes next to the bundle (dist/quick.json): the answers that need no command. */
export interface QuickAnswers {
  name: string;
  version: string;
  /**
   * oclif's help text, rendered for a pipe (80 columns, no colour): '' is the root help, then one per
   * command id. `{{userAgent}}` stands where oclif prints its user agent, which names the running Node.
   */
  help: Record<string, string>;
}

/**
 * `kapi --version`, `kapi`, `kapi --help`, `kapi <command> --help` and `kapi help [<command>]`, answered without oclif.
 * The texts are oclif's own, rendered by the build for a pipe; a terminal (whose width and colours
 * oclif adapts to), OCLIF_COLUMNS or forced colour go to oclif instead. undefined: not a quick case.
 */
export function quickAnswer(
  argv: string[],
  root: string,
  env: NodeJS.ProcessEnv = process.env,
  isTTY = process.stdout.isTTY === true,
): string | undefined {
  const key = helpKey(argv);
  const version = argv.length === 1 && argv[0] === '--version';
  if (key === undefined && !version) return undefined;
  const answers = readAnswers(root);
  if (!answers) return undefined;
  if (isWsl()) return undefined;
  const userAgent = `${answers.name}/${answers.version} ${platformArch()} node-${process.version}`;
  if (version) return `${userAgent}\n`;
  if (isTTY || env.OCLIF_COLUMNS || env.FORCE_COLOR !== undefined || env.TF_BUILD !== undefined) return undefined;
  // Only the answers the build wrote: `kapi constructor --help` is an unknown command, not Object's constructor.
  const text = Object.hasOwn(answers.help, key as string) ? answers.help[key as string] : undefined;
  return typeof text === 'string' ? text.replaceAll('{{userAgent}}', userAgent) : undefined;
}

/**
 * '' for the root help (`kapi`, `kapi --help`, `kapi help`), the command id for `<id> --help` and `help <id>`
 * (`help --help` and `help help` are help's own), undefined for anything else.
 */
export function helpKey(argv: string[]): string | undefined {
  if (argv.length === 0 || (argv.length === 1 && (argv[0] === '--help' || argv[0] === 'help'))) return '';
  if (argv.length !== 2) return undefined;
  const [first, second] = argv as [string, string];
  const id = second === '--help' ? first : first === 'help' ? second : undefined;
  return id !== undefined && /^[a-z][a-z-]*$/.test(id) ? id : undefined;
}

function readAnswers(root: string): QuickAnswers | undefined {
  try {
    const file = new URL('../dist/quick.json', root.startsWith('file:') ? root : `file://${root}`);
    return JSON.parse(readFileSync(fileURLToPath(file), 'utf8')) as QuickAnswers;
  } catch {
    return undefined;
  }
}

/** oclif's platform word: node's, or "wsl" under Windows' Linux subsystem (then oclif answers). */
function isWsl(): boolean {
  if (process.platform !== 'linux') return false;
  if (release().toLowerCase().includes('microsoft')) return true;
  try {
    return readFileSync('/proc/version', 'utf8').toLowerCase().includes('microsoft');
  } catch {
    return false;
  }
}

function platformArch(): string {
  return `${process.platform}-${process.arch === 'ia32' ? 'x86' : process.arch}`;
}
