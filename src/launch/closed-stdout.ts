/**
 * A reader that closes kapi's stdout early (`kapi api-resources | head -1`) has what it wanted: kapi stops
 * there, says nothing, and exits 0, or with the code an error reported before already set. Node ignores
 * SIGPIPE and reports EPIPE as an 'error' event instead; unhandled, that was a stack trace (exit 1), or a
 * flush waiting for a 'drain' that never came (exit 13). kubectl is killed by SIGPIPE there (141 in the shell).
 */
export function stopOnClosedStdout(stdout: NodeJS.WriteStream = process.stdout, exit: (code?: number) => void = process.exit): void {
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    exit();
  });
}
