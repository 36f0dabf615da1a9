import { parseSearchQuery } from '@tracera/contracts';
import { excludedTsquery, positiveTsquery } from './tsquery-text';

describe('tsquery text', () => {
  it('matches words by prefix, phrases in order and alternatives with |', () => {
    expect(positiveTsquery(parseSearchQuery('kube "rolling update" a OR bee'))).toBe(
      `'kube':* & ('rolling' <-> 'update') & ('a' | 'bee':*)`,
    );
  });

  it('quotes user input so it can never become tsquery syntax', () => {
    expect(positiveTsquery(parseSearchQuery(`it's a\\b & !x`))).toBe(`'it''s':* & 'a\\\\b':* & '!x'`);
  });

  it('adds lexicon spellings to words that matched nothing', () => {
    const corrections = new Map([['kubernets', ['kubernetes']]]);
    expect(positiveTsquery(parseSearchQuery('kubernets'), corrections)).toBe(
      `('kubernets':* | 'kubernetes')`,
    );
  });

  it('keeps exclusions apart and exact', () => {
    const query = parseSearchQuery('plants -draft -"old pots"');
    expect(positiveTsquery(query)).toBe(`'plants':*`);
    expect(excludedTsquery(query)).toBe(`'draft' | ('old' <-> 'pots')`);
    expect(positiveTsquery(parseSearchQuery('type:note'))).toBeUndefined();
  });
});
