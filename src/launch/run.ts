import { hoistCommand } from '../cli/argv.js';
import { commandLoaders } from './commands.js';
import { loadExecutor } from './executor.js';

/**
 * Global flags that take a value, in both spellings (--context prod, -n kube-system). Written out
 * because src/cli/flags.ts loads oclif's flag builders, which the command's bundle loads anyway; a
 * unit test holds the list to those flags.
 */
export const globalValueFlags = [
  ...['--kubeconfig', '--context', '--cluster', '--user', '--namespace', '-n', '--server', '-s', '--token'],
  ...['--certificate-authority', '--client-certificate', '--client-key', '--tls-server-name', '--username', '--password'],
  ...['--as', '--as-group', '--as-uid', '--request-timeout', '--max-response-bytes', '--discovery', '--snapshot'],
  ...['--max-file-bytes', '--v', '-v', '--trace'],
];

/**
 * Runs one command: loads only that command's bundle (src/launch/execute.ts) and oclif's parser;
 * oclif's config, plugins and help stay unloaded. Help and anything that is not a command go to
 * oclif's own main, which reads the manifest.
 */
export async function runCli(argv: string[], root: string): Promise<void> {
  const ids = [...Object.keys(commandLoaders), 'help'];
  const hoisted = hoistCommand(argv, ids, globalValueFlags);
  const args = hoisted[0] === 'help' ? helpArgs(hoistCommand(hoisted.slice(1), ids, globalValueFlags)) : hoisted;
  const [id, ...rest] = args;
  if (id !== undefined && Object.hasOwn(commandLoaders, id) && !wantsHelp(args)) {
    await (await loadExecutor(id)).execute(id, rest);
    return;
  }
  const [{ guarded }, { runOclif }] = await Promise.all([import('./execute.js'), import('./oclif.js')]);
  await guarded(undefined, async () => {
    if (id !== undefined && id !== 'help' && !id.startsWith('-') && !Object.hasOwn(commandLoaders, id)) {
      const { unknownCommand } = await import('../cli/unknown-command.js');
      throw unknownCommand(id, ids);
    }
    await runOclif(args, root);
  });
}

/**
 * What `kapi help WORDS` stands for, as kubectl's help: `kapi help explain` is `kapi explain --help`, `kapi help`
 * is `kapi --help`, and `kapi help help` and `kapi help --help` show help's own help.
 */
export function helpArgs(words: string[]): string[] {
  if (words[0] === 'help' || (words.length > 0 && words.every((word) => word === '--help' || word === '-h'))) return ['help', '--help'];
  return [...words, '--help'];
}

/** oclif's rule: --help anywhere before `--` shows help. */
function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--help');
}
