import { normalizeAccountName } from './account-name';

describe('normalizeAccountName', () => {
  it('trims and lower-cases', () => {
    expect(normalizeAccountName('  Alice@Example.com ')).toBe('alice@example.com');
  });

  it('folds Unicode compatibility forms (NFKC): full-width letters, ligatures, decomposed accents', () => {
    expect(normalizeAccountName('ＡＬＩＣＥ')).toBe('alice');
    expect(normalizeAccountName('ﬁona')).toBe('fiona');
    expect(normalizeAccountName('Jose\u0301')).toBe(normalizeAccountName('José'));
  });
});
