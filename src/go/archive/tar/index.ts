/** Entry point of the port of Go 1.7's `archive/tar`; see common.ts. */

export * from './common.ts';
export { TarReader } from './reader.ts';
export { TarWriter, formatPAXRecord, splitUSTARPath } from './writer.ts';
