/** The Mermaid themes `--theme` accepts. */
export const THEMES = ['default', 'dark', 'forest', 'neutral'] as const;
export type Theme = (typeof THEMES)[number];

/** The detail levels `--detail` accepts. */
export const DETAILS = ['hops', 'steps'] as const;
export type Detail = (typeof DETAILS)[number];

/**
 * Font stack of every label. Liberation Sans (metric-compatible with
 * Arial) comes from Debian's fonts-liberation, CJK glyphs from
 * fonts-noto-cjk; scripts/setup installs both, so widths are the same on
 * every machine that ran it.
 */
export const FONT_FAMILY = '"Liberation Sans", Arial, "Noto Sans CJK JP", sans-serif';

/** Seed for Mermaid's element IDs, so the SVG's IDs do not change between runs. */
export const ID_SEED = 'dockhop';

export function parseTheme(value: string): Theme {
  if (!(THEMES as readonly string[]).includes(value)) {
    throw new Error(`unknown theme "${value}"; expected one of ${THEMES.join(', ')}`);
  }
  return value as Theme;
}

export function parseDetail(value: string): Detail {
  if (!(DETAILS as readonly string[]).includes(value)) {
    throw new Error(`unknown detail level "${value}"; expected hops or steps`);
  }
  return value as Detail;
}

/**
 * Returns the front matter that starts every `.mmd`: the title, and the
 * theme, fonts, sizes and ID seed, fixed here so that GitHub, mermaid-cli
 * and other renderers draw the file the same way.
 */
export function frontMatter(theme: Theme, title: string): string {
  return [
    '---',
    `title: ${JSON.stringify(title)}`,
    'config:',
    `  theme: ${theme}`,
    `  fontFamily: '${FONT_FAMILY}'`,
    '  deterministicIds: true',
    `  deterministicIDSeed: ${ID_SEED}`,
    '  themeVariables:',
    `    fontFamily: '${FONT_FAMILY}'`,
    '    fontSize: 16px',
    '  sequence:',
    '    mirrorActors: true',
    '    wrap: false',
    '    actorFontSize: 16',
    '    messageFontSize: 15',
    '    noteFontSize: 14',
    '    width: 130',
    '    actorMargin: 30',
    '    messageMargin: 30',
    '    noteMargin: 8',
    '---',
  ].join('\n');
}

/** Page background behind the diagram, matching the theme's own. */
export function backgroundOf(theme: Theme): string {
  return theme === 'dark' ? '#333333' : '#ffffff';
}

/**
 * Configuration passed to Mermaid when rendering images. It repeats the
 * front matter's theme and seed and adds what only matters for images:
 * the natural width (no scaling to the page) and strict security.
 */
export function renderConfig(theme: Theme): Record<string, unknown> {
  return {
    theme,
    fontFamily: FONT_FAMILY,
    deterministicIds: true,
    deterministicIDSeed: ID_SEED,
    securityLevel: 'strict',
    themeVariables: { fontFamily: FONT_FAMILY, fontSize: '16px' },
    sequence: { useMaxWidth: false },
  };
}
