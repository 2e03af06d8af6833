import { describe, expect, it } from 'vitest';
import { Level, Logger, parseLevel, TextFormatter } from '../../src/logrus/logrus.ts';

function capture(level: Level): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = new Logger({
    out: { write: (chunk: string) => lines.push(chunk) },
    level,
    formatter: new TextFormatter({ utc: true }),
    now: () => new Date(Date.UTC(2017, 2, 1, 12, 30, 5)),
  });

  return { logger, lines };
}

describe('TextFormatter', () => {
  it('quotes and orders fields', () => {
    const { logger, lines } = capture(Level.Info);
    logger.withFields({ zeta: 'plain', alpha: 'needs quote', msg: 'clash' }).info('hello');

    expect(lines).toEqual([
      'time="2017-03-01T12:30:05Z" level=info msg=hello alpha="needs quote" fields.msg=clash msg=clash zeta=plain \n',
    ]);
  });

  it('formats with Sprintf verbs', () => {
    const { logger, lines } = capture(Level.Debug);
    logger.debugf('compression %s: %q', 'enabled', 'a"b');

    expect(lines).toEqual(['time="2017-03-01T12:30:05Z" level=debug msg="compression enabled: \\"a\\\\\\"b\\"" \n']);
  });

  it('filters by level', () => {
    const { logger, lines } = capture(Level.Info);
    logger.debugf('hidden');

    expect(lines).toEqual([]);
  });

  it('prints errors as warning level name', () => {
    const { logger, lines } = capture(Level.Info);
    logger.warnf('w');

    expect(lines).toEqual(['time="2017-03-01T12:30:05Z" level=warning msg=w \n']);
  });
});

describe('parseLevel', () => {
  it('parses names case-insensitively', () => {
    expect(parseLevel('DEBUG')).toBe(Level.Debug);
    expect(parseLevel('warning')).toBe(Level.Warn);
  });

  it('rejects unknown names', () => {
    expect(() => parseLevel('loud')).toThrow('not a valid logrus Level: "loud"');
  });
});
