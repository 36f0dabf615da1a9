import { personName } from './person-name';

describe('personName', () => {
  it('prefers the display name', () => {
    expect(personName({ displayName: 'Ada Lovelace', username: 'ada' })).toBe('Ada Lovelace');
  });

  it('falls back to the username when there is no display name', () => {
    expect(personName({ displayName: '', username: 'ada' })).toBe('ada');
    expect(personName({ displayName: null, username: 'ada' })).toBe('ada');
    expect(personName({ displayName: '   ', username: 'ada' })).toBe('ada');
    expect(personName({ username: 'ada' })).toBe('ada');
  });
});
