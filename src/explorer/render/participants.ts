import type { TraceSpan } from '../trace/trace-file.ts';
import { stringAttribute } from './span-tree.ts';

/**
 * The lifelines of a diagram, left to right. The terminal is the user; the
 * others are the layers a span can run in. `transport` spans split in two:
 * the client's HTTP send belongs to the API client, the msw interception is
 * its own lifeline. `store` spans split into the blob store and the plugin
 * store by the file they are declared in.
 */
export const PARTICIPANTS = [
  { id: 'T', name: 'Terminal', layer: 'the user' },
  { id: 'CLI', name: 'docker CLI', layer: 'cli' },
  { id: 'API', name: 'API client', layer: 'client' },
  { id: 'MSW', name: 'msw hop', layer: 'transport' },
  { id: 'SRV', name: 'API server', layer: 'router' },
  { id: 'PM', name: 'plugin manager', layer: 'backend' },
  { id: 'AR', name: 'archive', layer: 'archive' },
  { id: 'BS', name: 'blob store', layer: 'store' },
  { id: 'PS', name: 'plugin store', layer: 'store' },
] as const;

export type ParticipantId = (typeof PARTICIPANTS)[number]['id'];

/** Returns the lifeline a span's function runs on. */
export function participantOf(span: TraceSpan): ParticipantId {
  const layer = stringAttribute(span, 'dockhop.layer');

  switch (layer) {
    case 'cli':
      return 'CLI';
    case 'client':
      return 'API';
    case 'transport':
      return stringAttribute(span, 'dockhop.hop') === 'msw' ? 'MSW' : 'API';
    case 'router':
      return 'SRV';
    case 'backend':
      return 'PM';
    case 'archive':
      return 'AR';
    case 'store':
      return (stringAttribute(span, 'code.filepath') ?? '').endsWith('/blobstore.ts') ? 'BS' : 'PS';
    default:
      throw new Error(`span ${span.name} has unknown layer ${String(layer)}`);
  }
}

export function participantName(id: ParticipantId): string {
  return PARTICIPANTS.find((participant) => participant.id === id)!.name;
}
