import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, PNG_SCALE } from '../../../src/explorer/render/browser.ts';
import { PARTICIPANTS } from '../../../src/explorer/render/participants.ts';
import { renderTraces } from '../../../src/explorer/render/render-traces.ts';
import { REPO_ROOT } from '../../../src/explorer/tracing/source-index.ts';

// One chromium for every render in this file.
let browser: Browser;
let dir: string;

beforeAll(async () => {
  browser = await launchBrowser();
  dir = await mkdtemp(join(tmpdir(), 'dockhop-render-images-'));
  await renderTraces([join(REPO_ROOT, 'traces/create.json'), join(REPO_ROOT, 'traces/duplicate-name.json')], {
    outDir: dir,
    detail: 'hops',
    theme: 'default',
    formats: ['svg', 'png'],
    launch: async () => browser,
    keepBrowser: true,
  });
});

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Reads width and height from a PNG's IHDR chunk. */
function pngSize(data: Buffer): { width: number; height: number } {
  expect(data.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(data.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

describe('rendered images', () => {
  it('SVG of create names every participant', async () => {
    const svg = await readFile(join(dir, 'docs/create/sequence.svg'), 'utf8');

    expect(svg.startsWith('<svg')).toBe(true);
    // Only traces written by `dockhop serve` have the real client and the socket hop.
    for (const participant of PARTICIPANTS.filter((entry) => entry.id !== 'RC' && entry.id !== 'SOCK')) {
      expect(svg, participant.name).toContain(`>${participant.name}<`);
    }
  });

  it('SVG IDs come from the fixed seed', async () => {
    const svg = await readFile(join(dir, 'docs/create/sequence.svg'), 'utf8');

    expect(svg).toContain('id="dockhop-sequence"');
    expect(svg).not.toMatch(/id="[^"]*\d{10,}[^"]*"/);
  });

  it('PNG of create is in the expected size range', async () => {
    const { width, height } = pngSize(await readFile(join(dir, 'docs/create/sequence.png')));

    // 17 calls on 9 lifelines measured 1898 x 2154 CSS pixels with Debian chromium 156, drawn at PNG_SCALE.
    expect(PNG_SCALE).toBe(2);
    expect(width).toBeGreaterThan(3000);
    expect(width).toBeLessThan(4600);
    expect(height).toBeGreaterThan(3500);
    expect(height).toBeLessThan(5200);
  });

  it('PNG of duplicate-name is shorter than create', async () => {
    const create = pngSize(await readFile(join(dir, 'docs/create/sequence.png')));
    const duplicate = pngSize(await readFile(join(dir, 'docs/duplicate-name/sequence.png')));

    expect(duplicate.height).toBeLessThan(create.height);
    expect(duplicate.height).toBeGreaterThan(1500);
  });
});
