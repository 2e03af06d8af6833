import type { TraceFile, TraceSpan } from '../trace/trace-file.ts';
import { stringAttribute } from './span-tree.ts';

/**
 * The lifelines of a diagram, left to right. The terminal is the user, and
 * the client is the program that sent a request to `dockhop serve`;
 * neither has spans. The others are the layers a span can run in.
 * `transport` spans split in three: the client's HTTP send belongs to the
 * API client, and the msw interception and `dockhop serve`'s socket server
 * are lifelines of their own. `store` spans split into the blob store and
 * the plugin store by the file they are declared in.
 */
export const PARTICIPANTS = [
  { id: 'T', name: 'Terminal', layer: 'the user' },
  { id: 'RC', name: 'HTTP client', layer: 'another process' },
  { id: 'CLI', name: 'docker CLI', layer: 'cli' },
  { id: 'API', name: 'API client', layer: 'client' },
  { id: 'MSW', name: 'msw hop', layer: 'transport' },
  { id: 'SOCK', name: 'socket hop', layer: 'transport' },
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
      return transportParticipant(stringAttribute(span, 'dockhop.hop'));
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

function transportParticipant(hop: string | undefined): ParticipantId {
  switch (hop) {
    case 'msw':
      return 'MSW';
    case 'socket':
      return 'SOCK';
    default:
      return 'API';
  }
}

/**
 * Returns a lifeline's name. With `trace`, the real client is named after
 * the User-Agent its request carried (see {@link clientName}).
 */
export function participantName(id: ParticipantId, trace?: TraceFile): string {
  if (id === 'RC' && trace !== undefined) {
    return clientName(trace.spans[0]!);
  }

  return PARTICIPANTS.find((participant) => participant.id === id)!.name;
}

/** The User-Agent that dockhop's port of the 17.03 docker CLI sends, as Docker 17.03.0-ce does. */
const PORTED_CLIENT_AGENT = 'Docker-Client/17.03.0-ce';

/**
 * Names the client that sent a served request, from the root span's
 * User-Agent: `dockhop's 17.03 client` for `Docker-Client/17.03.0-ce` with
 * a `traceparent` header (Docker 17.03 sends none, dockhop's port adds it),
 * `docker CLI <version>` for any other `Docker-Client/<version>`, and
 * `HTTP client` for anything else.
 */
export function clientName(root: TraceSpan): string {
  const agent = userAgentOf(root);
  const version = agent?.match(/^Docker-Client\/(\S+)/)?.[1];

  if (version === undefined) {
    return 'HTTP client';
  }

  if (agent!.startsWith(`${PORTED_CLIENT_AGENT} `) && Array.isArray(root.attributes['http.request.header.traceparent'])) {
    return "dockhop's 17.03 client";
  }

  return `docker CLI ${version}`;
}

/** Returns the User-Agent header that a served request arrived with. */
export function userAgentOf(span: TraceSpan): string | undefined {
  const header = span.attributes['http.request.header.user-agent'];
  return Array.isArray(header) && typeof header[0] === 'string' ? header[0] : stringAttribute(span, 'user_agent.original');
}

/** Returns the lifeline that makes the root call: the real client for a served request, else the terminal. */
export function rootCaller(trace: TraceFile): ParticipantId {
  return (trace.kind ?? 'command') === 'request' ? 'RC' : 'T';
}
