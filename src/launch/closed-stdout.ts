/**
 * A reader that closes kapi's stdout early (`kapi api-resources | head -1`) has what it wanted: kapi stops
 * there, says nothing, and exits 0, or with the code an error reported before already set. Node ignores
 * SIGPIPE and reports EPIPE as an 'error' event instead; unhandled, that was a stack trace (exit 1), or a
 * flush waiting for a 'drain' that never came (exit 13). kubectl is killed by SIGPIPE there (141 in the shell).
 *
 * A closed stderr (`kapi … 2>&1 | head -1`, where a warning or an error may be the first write to hit the closed
 * pipe) only loses what no one reads: kapi goes on, and exits with the code it would have had (it was exit 1).
 */
export function stopOnClosedStdout(
  stdout: NodeJS.WriteStream = process.stdout,
  exit: (code?: number) => void = process.exit,
  stderr: NodeJS.WriteStream = process.stderr,
): void {
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    exit();
  });
  stderr.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
