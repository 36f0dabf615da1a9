import { timeZoneField } from './auth-fields';

describe('timeZoneField', () => {
  it('takes IANA zone names', () => {
    for (const zone of ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu']) {
      expect(timeZoneField.safeParse(zone).success).toBe(true);
    }
  });

  it('refuses offsets, which Postgres would read with the opposite sign, and unknown names', () => {
    for (const zone of ['+05:30', '-08:00', '+0530', 'Mars/Olympus_Mons', '']) {
      expect(timeZoneField.safeParse(zone).success).toBe(false);
    }
  });
});
