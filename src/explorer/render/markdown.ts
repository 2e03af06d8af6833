import type { AttributeValue } from '@opentelemetry/api';

/** Wraps text in a code span, widening the backtick fence when the text has backticks. */
export function code(text: string): string {
  const runs = text.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((run) => run.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Builds a fenced code block whose fence is longer than any backtick run inside. */
export function codeBlock(language: string, text: string): string {
  const runs = text.match(/`{3,}/g) ?? [];
  const fence = '`'.repeat(Math.max(2, ...runs.map((run) => run.length)) + 1);
  return `${fence}${language}\n${text.replace(/\n+$/, '')}\n${fence}`;
}

/** Escapes a table cell: pipes would split it and newlines would end the row. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Formats an attribute value as code spans: lists become comma-separated items. */
export function attributeValue(value: AttributeValue): string {
  if (Array.isArray(value)) {
    return value.length === 0 ? '(empty)' : value.map((item) => code(String(item))).join(', ');
  }
  return code(typeof value === 'string' ? value : JSON.stringify(value));
}

/**
 * Turns a JSDoc description into Markdown paragraphs: lines of one
 * paragraph are joined, blank lines separate paragraphs.
 */
export function unwrapParagraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.split('\n').map((line) => line.trim()).join(' '))
    .filter((paragraph) => paragraph !== '')
    .join('\n\n');
}

/** Returns the HTML anchor of a walkthrough section: `step-7-2` for section 7.2. */
export function anchorOf(number: string): string {
  return `step-${number.replace(/\./g, '-')}`;
}
