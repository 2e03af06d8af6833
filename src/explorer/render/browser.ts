import { existsSync } from 'node:fs';
import { renderMermaid } from '@mermaid-js/mermaid-cli';
import puppeteer, { type Browser } from 'puppeteer';
import { backgroundOf, renderConfig, type Theme } from './mermaid-config.ts';

/** Debian's chromium; puppeteer's own browser download is disabled. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Chromium flags: no sandbox (containers and root), no GPU, no background
 * traffic, and every host name except loopback resolves to nothing, so a
 * diagram cannot make the browser reach the network.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

/** The image formats `--format` accepts. */
export const IMAGE_FORMATS = ['svg', 'png'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** Pixel ratio of PNGs: twice the SVG's size, so labels stay sharp when a blog scales the image. */
export const PNG_SCALE = 2;

/** Chromium is missing or would not start; the message explains how to install it. */
export class BrowserUnavailableError extends Error {
  constructor(detail: string) {
    super(
      `cannot render SVG or PNG: ${detail}. Install Debian's chromium and fonts ` +
        '(sudo apt-get install chromium fonts-liberation fonts-noto-cjk, or run scripts/setup), ' +
        'or pass --format none to write only the .mmd and .md files',
    );
    this.name = 'BrowserUnavailableError';
  }
}

/**
 * Parses `--format svg,png`; `none` alone renders no images. Rejects an
 * empty list, an empty entry and `none` mixed with image formats.
 */
export function parseFormats(value: string): ImageFormat[] {
  const names = value.split(',').map((name) => name.trim());

  if (names.every((name) => name === '')) {
    throw new Error('--format is empty; expected svg, png, both as svg,png, or none');
  }

  if (names.includes('')) {
    throw new Error(`--format ${JSON.stringify(value)} has an empty entry; expected svg, png, both as svg,png, or none`);
  }

  if (names.includes('none')) {
    if (names.some((name) => name !== 'none')) {
      throw new Error(`--format ${value} mixes none with image formats; pass none alone, or only svg and png`);
    }
    return [];
  }

  const unknown = names.filter((name) => !(IMAGE_FORMATS as readonly string[]).includes(name));

  if (unknown.length > 0) {
    throw new Error(`unknown image format ${unknown.join(', ')}; expected svg, png or none`);
  }

  return [...new Set(names)] as ImageFormat[];
}

/**
 * Starts the one headless chromium that renders every diagram of a
 * command. Throws {@link BrowserUnavailableError} when it cannot.
 */
export async function launchBrowser(executablePath: string = CHROMIUM_PATH): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new BrowserUnavailableError(`${executablePath} not found`);
  }

  try {
    return await puppeteer.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  } catch (error) {
    throw new BrowserUnavailableError(`${executablePath} did not start (${(error as Error).message.split('\n')[0]})`);
  }
}

/** Renders one Mermaid definition to SVG or PNG bytes in a new page of `browser`. */
export async function renderDiagram(browser: Browser, definition: string, format: ImageFormat, theme: Theme): Promise<Uint8Array> {
  const { data } = await renderMermaid(browser, definition, format, {
    backgroundColor: backgroundOf(theme),
    mermaidConfig: renderConfig(theme),
    svgId: 'dockhop-sequence',
    // The page is only the canvas; the PNG is clipped to the diagram's own size.
    viewport: { width: 1200, height: 800, deviceScaleFactor: format === 'png' ? PNG_SCALE : 1 },
  });

  return data;
}
