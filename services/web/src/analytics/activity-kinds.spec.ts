import { countsByKind, kindOfActivityType, kindTotals } from './activity-kinds';

describe('activity kinds', () => {
  it('groups every content activity type under its kind and leaves signing in out', () => {
    expect(kindOfActivityType('bookmark_imported')).toBe('bookmark');
    expect(kindOfActivityType('task_completed')).toBe('task');
    expect(kindOfActivityType('reaction_added')).toBe('message');
    expect(kindOfActivityType('signed_in')).toBeNull();
    expect(kindOfActivityType('something_new')).toBeNull();
  });

  it('sums the types of one kind', () => {
    expect(countsByKind({ bookmark_saved: 3, bookmark_updated: 2, note_created: 1, signed_in: 4 })).toEqual({
      bookmark: 5,
      note: 1,
    });
  });

  it('keeps a kind the API reported with 0 and omits kinds it did not report', () => {
    expect(countsByKind({ file_uploaded: 0 })).toEqual({ file: 0 });
    expect(countsByKind({})).toEqual({});
  });

  it('lists totals in the fixed order with the display labels', () => {
    expect(kindTotals({ message: 2, bookmark: 1, file: 0 })).toEqual([
      { kind: 'bookmark', label: 'Bookmarks', count: 1 },
      { kind: 'file', label: 'Files', count: 0 },
      { kind: 'message', label: 'Messages', count: 2 },
    ]);
  });
});
