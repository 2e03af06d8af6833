import { rmSync } from 'node:fs';

const pending = new Set<string>();
let hooked = false;

/**
 * Registers a temp folder to remove when the process exits, including on
 * SIGINT and SIGTERM, so an interrupted run leaves nothing behind. Returns
 * the function that removes it now and unregisters it.
 */
export function removeOnExit(folder: string): () => void {
  hookSignals();
  pending.add(folder);

  return () => {
    pending.delete(folder);
    rmSync(folder, { recursive: true, force: true });
  };
}

function hookSignals(): void {
  if (hooked) {
    return;
  }

  hooked = true;
  process.on('exit', removeAll);

  // Exit with the shell's 128+signal codes; 'exit' then removes the folders.
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
}

function removeAll(): void {
  for (const folder of pending) {
    rmSync(folder, { recursive: true, force: true });
  }

  pending.clear();
}
