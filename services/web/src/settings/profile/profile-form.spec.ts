import {
  avatarPreviewUrl,
  checkProfile,
  initialTimeZone,
  profileBody,
  timeZoneOptions,
} from './profile-form';

describe('profile form', () => {
  const valid = { displayName: 'Gwen', timeZone: 'Europe/Berlin', locale: 'en-GB', avatarUrl: '' };

  describe('initialTimeZone', () => {
    it('keeps a zone the person chose', () => {
      expect(initialTimeZone('Asia/Tokyo', 'Europe/Berlin')).toEqual({
        value: 'Asia/Tokyo',
        suggested: false,
      });
    });

    it("suggests the browser's zone while the account still has the server default", () => {
      expect(initialTimeZone('UTC', 'Europe/Berlin')).toEqual({ value: 'Europe/Berlin', suggested: true });
    });

    it('keeps UTC when the browser is in UTC too, or does not say', () => {
      expect(initialTimeZone('UTC', 'UTC')).toEqual({ value: 'UTC', suggested: false });
      expect(initialTimeZone('UTC', '')).toEqual({ value: 'UTC', suggested: false });
    });
  });

  it('timeZoneOptions adds UTC and the saved zone, without duplicates, sorted', () => {
    expect(timeZoneOptions(['Europe/Berlin', 'America/New_York'], 'Asia/Calcutta')).toEqual([
      'America/New_York',
      'Asia/Calcutta',
      'Europe/Berlin',
      'UTC',
    ]);
    expect(timeZoneOptions(['UTC', 'Europe/Berlin'], 'UTC')).toEqual(['Europe/Berlin', 'UTC']);
  });

  it('avatarPreviewUrl accepts only http(s) addresses', () => {
    expect(avatarPreviewUrl(' https://example.org/me.png ')).toBe('https://example.org/me.png');
    expect(avatarPreviewUrl('javascript:alert(1)')).toBeNull();
    expect(avatarPreviewUrl('me.png')).toBeNull();
  });

  describe('checkProfile', () => {
    it('accepts a complete profile, with or without a picture', () => {
      expect(checkProfile(valid)).toEqual({});
      expect(checkProfile({ ...valid, avatarUrl: 'https://example.org/me.png' })).toEqual({});
    });

    it('names each field that cannot be sent', () => {
      expect(
        checkProfile({ displayName: '  ', timeZone: '', locale: 'not a tag!', avatarUrl: 'ftp://x' }),
      ).toEqual({
        displayName: 'Enter the name others see.',
        timeZone: 'Choose a time zone.',
        locale: 'This is not a language tag; try en-GB or de.',
        avatarUrl: 'Enter an address starting with https:// (or leave it empty).',
      });
      expect(checkProfile({ ...valid, displayName: 'x'.repeat(101) }).displayName).toBe(
        'Use at most 100 characters.',
      );
    });
  });

  it('profileBody trims and turns an empty picture address into null', () => {
    expect(profileBody({ ...valid, displayName: ' Gwen ', locale: ' de ' })).toEqual({
      displayName: 'Gwen',
      timeZone: 'Europe/Berlin',
      locale: 'de',
      avatarUrl: null,
    });
  });
});
