import type { TraceSpan } from '../trace/trace-file.ts';
import { shortDigest } from './labels.ts';
import { functionName, numberAttribute, stringAttribute } from './span-tree.ts';

/** A note for a learner, drawn next to the span's lifeline. */
export interface SpanNote {
  text: string;
  /** `call`: drawn after the call arrow; `return`: just before the return. */
  at: 'call' | 'return';
  /** `hops` notes appear at both detail levels, `steps` notes only in the full diagram. */
  detail: 'hops' | 'steps';
}

/** How many tar entry names a note lists before `… N more`. */
const LISTED_ENTRIES = 3;

/**
 * Lists the notes a span deserves: name normalisation, request body size,
 * tar entries, digests (12 hex), the `create` event, privileges, and how
 * the API server chose an error status.
 */
export function notesFor(span: TraceSpan): SpanNote[] {
  const notes: SpanNote[] = [];
  const typed = stringAttribute(span, 'dockhop.plugin.name.input');
  const normalized = stringAttribute(span, 'dockhop.plugin.name');
  const referenceIn = stringAttribute(span, 'dockhop.reference.input');
  const referenceOut = stringAttribute(span, 'dockhop.reference.string');
  const bodySize = numberAttribute(span, 'http.request.body.size');
  const entries = span.attributes['dockhop.tar.entries'];
  const entryCount = numberAttribute(span, 'dockhop.tar.entry_count');

  if (typed !== undefined && normalized !== undefined && typed !== normalized) {
    notes.push({ text: `name normalized:<br/>${typed} → ${normalized}`, at: 'call', detail: 'hops' });
  }

  if (referenceIn !== undefined && referenceOut !== undefined && referenceIn !== referenceOut) {
    notes.push({ text: `${referenceIn} → ${referenceOut}`, at: 'return', detail: 'steps' });
  }

  if (bodySize !== undefined) {
    const type = span.attributes['http.request.header.content-type'];
    const typeText = Array.isArray(type) ? `<br/>${type.join(', ')}` : '';
    notes.push({ text: `body: ${bodySize} bytes${typeText}`, at: 'call', detail: 'hops' });
  }

  if (Array.isArray(entries) && entries.length > 0 && entryCount !== undefined) {
    const names = (entries as string[]).slice(0, LISTED_ENTRIES).join('<br/>');
    const more = entryCount > LISTED_ENTRIES ? `<br/>… ${entryCount - LISTED_ENTRIES} more` : '';
    notes.push({ text: `${entryCount} tar entries:<br/>${names}${more}`, at: 'return', detail: 'hops' });
  }

  const digests = digestLines(span);
  if (digests.length > 0) {
    notes.push({ text: digests.join('<br/>'), at: 'return', detail: 'hops' });
  }

  for (const event of span.events) {
    if (event.name === 'docker.event') {
      const { 'docker.event.type': type, 'docker.event.action': action, 'docker.event.actor.name': actor } = event.attributes;
      notes.push({ text: `event: ${String(type)} ${String(action)} ${String(actor)}`, at: 'return', detail: 'hops' });
    }
  }

  const privileges = span.attributes['dockhop.plugin.privileges'];
  if (Array.isArray(privileges) && privileges.length > 0) {
    notes.push({ text: `privileges:<br/>${(privileges as string[]).join('<br/>')}`, at: 'return', detail: 'steps' });
  }

  const errorStatus = stringAttribute(span, 'error.type');
  const status = numberAttribute(span, 'http.response.status_code');
  if (functionName(span) === 'Server.makeHTTPHandler' && errorStatus !== undefined && status !== undefined) {
    notes.push({
      text: `logs the error and answers ${status}:<br/>the status comes from<br/>the message's wording`,
      at: 'return',
      detail: 'hops',
    });
  }

  return notes;
}

function digestLines(span: TraceSpan): string[] {
  const lines: string[] = [];
  const labels: [key: string, label: string][] = [
    ['dockhop.layer.diff_id', 'rootfs diffID'],
    ['dockhop.blob.layer', 'layer blob'],
    ['dockhop.blob.config', 'config blob'],
  ];

  for (const [key, label] of labels) {
    const value = stringAttribute(span, key);
    if (value !== undefined) {
      lines.push(`${label} ${shortDigest(value)}`);
    }
  }

  return lines;
}
