import {
  challengeBodyFromForm,
  type ChallengeFormValues,
  dateToDatetimeLocal,
  datetimeLocalToIso,
  defaultChallengeForm,
  validateChallengeForm,
} from './challenge-form';

const NOW = new Date(2026, 10, 20, 9, 42);

function form(overrides: Partial<ChallengeFormValues> = {}): ChallengeFormValues {
  return {
    title: 'Ship it',
    description: '',
    metric: 'tasks_completed',
    target: '5',
    startsAt: '2026-11-20T10:00',
    endsAt: '2026-11-27T10:00',
    visibility: 'public',
    ...overrides,
  };
}

describe('datetime-local values', () => {
  it('turn into ISO instants in the browser zone and back', () => {
    const iso = datetimeLocalToIso('2026-11-20T10:00');
    expect(iso).toBe(new Date(2026, 10, 20, 10, 0).toISOString());
    expect(dateToDatetimeLocal(new Date(iso!))).toBe('2026-11-20T10:00');
  });

  it('are null when empty or malformed', () => {
    expect(datetimeLocalToIso('')).toBeNull();
    expect(datetimeLocalToIso('2026-11-20')).toBeNull();
    expect(datetimeLocalToIso('2026-13-40T10:00')).toBeNull();
  });
});

describe('defaultChallengeForm', () => {
  it('starts at the next full hour and lasts a week', () => {
    const values = defaultChallengeForm(NOW);
    expect(values.startsAt).toBe('2026-11-20T10:00');
    expect(values.endsAt).toBe('2026-11-27T10:00');
    expect(validateChallengeForm(values, NOW)).toEqual({ title: 'Give the challenge a title.' });
  });
});

describe('validateChallengeForm', () => {
  it('accepts a complete form', () => {
    expect(validateChallengeForm(form(), NOW)).toEqual({});
  });

  it('needs a title', () => {
    expect(validateChallengeForm(form({ title: '   ' }), NOW).title).toBe('Give the challenge a title.');
    expect(validateChallengeForm(form({ title: 'x'.repeat(201) }), NOW).title).toMatch('200 characters');
  });

  it('needs a whole target of at least 1', () => {
    expect(validateChallengeForm(form({ target: '0' }), NOW).target).toBe('The target must be at least 1.');
    expect(validateChallengeForm(form({ target: '-3' }), NOW).target).toBe('The target must be at least 1.');
    expect(validateChallengeForm(form({ target: '2.5' }), NOW).target).toBe('Enter a whole number.');
    expect(validateChallengeForm(form({ target: '' }), NOW).target).toBe('Enter a whole number.');
    expect(validateChallengeForm(form({ target: '1000001' }), NOW).target).toMatch('at most 1,000,000');
  });

  it('needs the end after the start', () => {
    const errors = validateChallengeForm(
      form({ startsAt: '2026-11-27T10:00', endsAt: '2026-11-27T10:00' }),
      NOW,
    );
    expect(errors).toEqual({ endsAt: 'The end must be after the start.' });
  });

  it('needs the end in the future', () => {
    const errors = validateChallengeForm(
      form({ startsAt: '2026-11-01T10:00', endsAt: '2026-11-20T09:00' }),
      NOW,
    );
    expect(errors).toEqual({ endsAt: 'The end must be in the future.' });
  });

  it('limits a challenge to 366 days', () => {
    expect(validateChallengeForm(form({ endsAt: '2027-11-22T10:00' }), NOW).endsAt).toMatch('366 days');
  });

  it('needs both times', () => {
    expect(validateChallengeForm(form({ startsAt: '', endsAt: '' }), NOW)).toEqual({
      startsAt: 'Choose when the challenge starts.',
      endsAt: 'Choose when the challenge ends.',
    });
  });
});

describe('challengeBodyFromForm', () => {
  it('sends trimmed text, a number and ISO instants, leaving out an empty description', () => {
    expect(challengeBodyFromForm(form({ title: '  Ship it ', target: '12', visibility: 'invite' }))).toEqual({
      title: 'Ship it',
      metric: 'tasks_completed',
      target: 12,
      startsAt: new Date(2026, 10, 20, 10, 0).toISOString(),
      endsAt: new Date(2026, 10, 27, 10, 0).toISOString(),
      visibility: 'invite',
    });
    expect(challengeBodyFromForm(form({ description: ' Go ' })).description).toBe('Go');
  });
});
