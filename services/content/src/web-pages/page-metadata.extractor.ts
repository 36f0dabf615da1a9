import { Parser } from 'htmlparser2';

export interface ExtractedMetadata {
  title: string | null;
  description: string | null;
  faviconUrl: string | null;
}

/** `rel` tokens that name a page's icon, best first (`shortcut icon` holds `icon`; touch icons are large). */
const ICON_RELS = ['icon', 'apple-touch-icon'];

/**
 * Finds the title (og:title, else <title>), description (og:description, else meta description) and
 * favicon (link rel=icon, resolved against <base> or the page URL; /favicon.ico when none) in an HTML
 * document, which may be cut short: whatever was read is parsed.
 */
export function extractPageMetadata(html: string, pageUrl: string): ExtractedMetadata {
  const meta = new Map<string, string>();
  const icons: { rel: string; href: string }[] = [];
  let baseHref: string | null = null;
  let title: string | null = null;
  let titleText = '';
  let inTitle = false;
  // An SVG inside the body can hold its own <title>; only the document's counts.
  let svgDepth = 0;

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'svg') svgDepth++;
        else if (name === 'title' && svgDepth === 0 && title === null) {
          inTitle = true;
          titleText = '';
        } else if (name === 'meta') {
          const key = (attributes.property ?? attributes.name ?? '').trim().toLowerCase();
          if (key !== '' && attributes.content !== undefined && !meta.has(key))
            meta.set(key, attributes.content);
        } else if (name === 'link' && attributes.href !== undefined) {
          icons.push({
            rel: (attributes.rel ?? '').trim().toLowerCase().replace(/\s+/g, ' '),
            href: attributes.href,
          });
        } else if (name === 'base' && baseHref === null && attributes.href !== undefined) {
          baseHref = attributes.href;
        }
      },
      ontext(text) {
        if (inTitle) titleText += text;
      },
      onclosetag(name) {
        if (name === 'svg' && svgDepth > 0) svgDepth--;
        else if (name === 'title' && inTitle) {
          inTitle = false;
          title = titleText;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  // A page cut off inside <title> still has a usable start of it.
  if (title === null && inTitle) title = titleText;

  const documentBase = resolveHttp(baseHref ?? '', pageUrl) ?? pageUrl;
  return {
    title: firstText(meta.get('og:title'), title, meta.get('twitter:title')),
    description: firstText(
      meta.get('og:description'),
      meta.get('description'),
      meta.get('twitter:description'),
    ),
    faviconUrl: pickIcon(icons, documentBase) ?? resolveHttp('/favicon.ico', pageUrl),
  };
}

function firstText(...candidates: (string | null | undefined)[]): string | null {
  for (const candidate of candidates) {
    const text = candidate?.replace(/\s+/g, ' ').trim();
    if (text) return text;
  }
  return null;
}

function pickIcon(icons: { rel: string; href: string }[], base: string): string | null {
  for (const rel of ICON_RELS) {
    for (const icon of icons) {
      if (!icon.rel.split(' ').includes(rel)) continue;
      const resolved = resolveHttp(icon.href.trim(), base);
      if (resolved !== null) return resolved;
    }
  }
  return null;
}

/** An absolute http(s) URL, or null for anything else (data:, javascript:, garbage). */
function resolveHttp(href: string, base: string): string | null {
  try {
    const url = new URL(href, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
