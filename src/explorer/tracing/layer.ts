/**
 * The layers a span can belong to. Each becomes a participant group in the
 * diagrams, in this order.
 */
export const LAYERS = [
  'cli',
  'client',
  'transport',
  'router',
  'backend',
  'archive',
  'store',
] as const;

export type Layer = (typeof LAYERS)[number];
