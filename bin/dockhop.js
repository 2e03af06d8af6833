#!/usr/bin/env node
// Runs dockhop from its TypeScript sources: tsx compiles them on load, so
// the line numbers on spans and in walkthroughs are those of the .ts files.
import { register } from 'tsx/esm/api';

// A closed pipe (`dockhop scenarios | head -1`) ends the run quietly with
// the status a SIGPIPE gives, as the Go docker CLI would; other output
// errors (a full disk) are ignored, as Go's fmt.Fprintln ignores them.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') {
      process.exit(141);
    }
  });
}

register();

const { run } = await import('../src/explorer/cli/main.ts');
process.exitCode = await run(process.argv.slice(2));
