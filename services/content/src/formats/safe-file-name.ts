const MAX_NAME_LENGTH = 120;
/** Names Windows refuses whatever the extension. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * A file or folder name that is safe on every common file system and in a zip: no path separators, no
 * control or direction-changing characters, nothing Windows forbids, no `..` and no leading dot (so no
 * hidden file), at most 120 characters. `fallback` when nothing usable remains.
 */
export function safeFileName(raw: string, fallback: string): string {
  let name = raw
    .normalize('NFC')
    // Control characters, and invisible or direction-changing ones (`evil\u202Etxt.exe`); ZWJ stays for emoji.
    .replace(/[\p{Cc}\u200b\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu, '')
    .replace(/[/\\:*?"<>|]/g, '-')
    .replace(/\s+/g, ' ')
    // No `..` anywhere, and no leading dot or dash (hidden files, command-line options).
    .replace(/\.{2,}/g, '.')
    .replace(/^[\s.-]+|[\s.]+$/g, '');
  const characters = [...name];
  if (characters.length > MAX_NAME_LENGTH) {
    name = characters
      .slice(0, MAX_NAME_LENGTH)
      .join('')
      .replace(/[\s.]+$/, '');
  }
  if (WINDOWS_RESERVED.test(name)) name = `${name}_`;
  return name === '' ? fallback : name;
}

/** Hands out names unique within each folder, ignoring case (macOS and Windows do): `a`, `a (2)`, … */
export class UniqueNames {
  private readonly taken = new Set<string>();

  /** Claims `folder + base + extension`, or the first free `folder + base (n) + extension`. */
  claim(folder: string, base: string, extension: string): string {
    for (let attempt = 1; ; attempt++) {
      const path = `${folder}${attempt === 1 ? base : `${base} (${attempt})`}${extension}`;
      const key = path.toLowerCase();
      if (!this.taken.has(key)) {
        this.taken.add(key);
        return path;
      }
    }
  }
}
