import { completeMention, mentionDraftAt, splitMentions } from './mentions';

describe('mentionDraftAt', () => {
  it('finds the mention being typed at the caret', () => {
    expect(mentionDraftAt('hi @al', 6)).toEqual({ start: 3, query: 'al' });
    expect(mentionDraftAt('@', 1)).toEqual({ start: 0, query: '' });
  });

  it('ignores e-mail addresses and text without an @', () => {
    expect(mentionDraftAt('mail bob@example', 16)).toBeNull();
    expect(mentionDraftAt('hello', 5)).toBeNull();
    expect(mentionDraftAt('@alice done', 11)).toBeNull();
  });
});

describe('completeMention', () => {
  it('replaces the draft with the username and a space, caret after it', () => {
    const text = 'hi @al';
    expect(completeMention(text, 6, { start: 3, query: 'al' }, 'alice')).toEqual({
      text: 'hi @alice ',
      caret: 10,
    });
  });

  it('keeps the text after the caret', () => {
    const text = 'hi @al and more';
    expect(completeMention(text, 6, { start: 3, query: 'al' }, 'alice').text).toBe('hi @alice and more');
  });
});

describe('splitMentions', () => {
  it('splits mentions at word starts only', () => {
    expect(splitMentions('hey @alice, see bob@example.com')).toEqual([
      { kind: 'text', text: 'hey ' },
      { kind: 'mention', username: 'alice' },
      { kind: 'text', text: ', see bob@example.com' },
    ]);
  });

  it('handles a mention at the start and the end', () => {
    expect(splitMentions('@bob hi @carol.')).toEqual([
      { kind: 'mention', username: 'bob' },
      { kind: 'text', text: ' hi ' },
      { kind: 'mention', username: 'carol' },
      { kind: 'text', text: '.' },
    ]);
  });
});
