import { type MemberView } from '@tracera/contracts';
import { mentionedMembers } from './mentions';

function member(userId: string, username: string): MemberView {
  return {
    userId,
    username,
    displayName: username,
    avatarUrl: null,
    role: 'member',
    joinedAt: '2026-11-23T18:00:00.000Z',
  };
}

const members = [member('u-ada', 'ada'), member('u-bob', 'Bob.Smith'), member('u-cy', 'cy_2')];

describe('mentionedMembers', () => {
  it('finds members by @username regardless of case, once each, in order of first mention', () => {
    expect(mentionedMembers('@cy_2 ping @ADA and @bob.smith, again @ada', members)).toEqual([
      'u-cy',
      'u-ada',
      'u-bob',
    ]);
  });

  it('leaves out sentence punctuation after the name', () => {
    expect(mentionedMembers('thanks @ada.', members)).toEqual(['u-ada']);
    expect(mentionedMembers('(@cy_2)', members)).toEqual(['u-cy']);
  });

  it('ignores people who are not members and addresses that only contain an @', () => {
    expect(mentionedMembers('@eve hi, mail ada@ada.example', members)).toEqual([]);
  });
});
