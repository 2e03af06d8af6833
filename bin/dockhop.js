#!/usr/bin/env node
// Runs dockhop from its TypeScript sources: tsx compiles them on load, so
// the line numbers on spans and in walkthroughs are those of the .ts files.
import { register } from 'tsx/esm/api';

register();

const { run } = await import('../src/explorer/cli/main.ts');
process.exitCode = await run(process.argv.slice(2));
