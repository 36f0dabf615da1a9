import { safeFileName, UniqueNames } from './safe-file-name';

describe('safeFileName', () => {
  it.each([
    ['Meeting notes', 'Meeting notes'],
    ['../../etc/passwd', 'etc-passwd'],
    ['..', 'Untitled'],
    ['.hidden', 'hidden'],
    ['a/b\\c:d*e?f"g<h>i|j', 'a-b-c-d-e-f-g-h-i-j'],
    ['tab\there\nnew\u0000line\u007f', 'tabherenewline'],
    ['evil\u202egpj.exe', 'evilgpj.exe'],
    ['  spaced   out  ', 'spaced out'],
    ['trailing dots...', 'trailing dots'],
    ['CON', 'CON_'],
    ['nul', 'nul_'],
    ['日本語 🍣', '日本語 🍣'],
    ['', 'Untitled'],
    ['\u0001\u0002', 'Untitled'],
  ])('turns %j into %j', (raw, expected) => {
    expect(safeFileName(raw, 'Untitled')).toBe(expected);
  });

  it('keeps names to 120 characters without splitting an emoji', () => {
    const name = safeFileName('🍣'.repeat(200), 'x');
    expect([...name]).toHaveLength(120);
    expect(name).toBe('🍣'.repeat(120));
  });
});

describe('UniqueNames', () => {
  it('numbers clashes per folder, ignoring case', () => {
    const names = new UniqueNames();
    expect(names.claim('', 'Note', '.md')).toBe('Note.md');
    expect(names.claim('', 'note', '.md')).toBe('note (2).md');
    expect(names.claim('', 'Note', '.md')).toBe('Note (3).md');
    expect(names.claim('Work/', 'Note', '.md')).toBe('Work/Note.md');
    expect(names.claim('', 'Note (2)', '.md')).toBe('Note (2) (2).md');
  });
});
