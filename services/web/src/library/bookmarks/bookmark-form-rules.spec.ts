import { ApiProblem } from '../../api/problem';
import {
  bookmarkBodyOf,
  bookmarkErrorsFromProblem,
  bookmarkUrlProblem,
  validateBookmarkForm,
} from './bookmark-form-rules';

const empty = { url: '', title: '', description: '', tags: [], collectionId: '' };

describe('bookmarkUrlProblem', () => {
  it('accepts absolute http and https addresses', () => {
    expect(bookmarkUrlProblem('https://example.com/a?b=c')).toBeUndefined();
    expect(bookmarkUrlProblem('  http://localhost:3000/x ')).toBeUndefined();
  });

  it('asks for an address when there is none', () => {
    expect(bookmarkUrlProblem('   ')).toMatch(/Enter the address/);
  });

  it('explains what is wrong with other text', () => {
    expect(bookmarkUrlProblem('example.com')).toMatch(/starting with http/);
    expect(bookmarkUrlProblem('ftp://example.com/file')).toMatch(/Only http/);
    expect(bookmarkUrlProblem('javascript:alert(1)')).toMatch(/Only http/);
    expect(bookmarkUrlProblem(`https://example.com/${'a'.repeat(2048)}`)).toMatch(/too long/);
  });
});

describe('validateBookmarkForm', () => {
  it('has nothing to say about a good form', () => {
    expect(validateBookmarkForm({ ...empty, url: 'https://example.com' })).toEqual({});
  });

  it('names each failing field', () => {
    const errors = validateBookmarkForm({
      ...empty,
      url: 'nope',
      title: 'x'.repeat(501),
      tags: Array.from({ length: 51 }, (_, index) => `t${index}`),
    });
    expect(Object.keys(errors).sort()).toEqual(['tags', 'title', 'url']);
  });
});

describe('bookmarkBodyOf', () => {
  it('leaves an empty title out so the server fetches the page title', () => {
    expect(bookmarkBodyOf({ ...empty, url: ' https://example.com ', title: '  ' })).toEqual({
      url: 'https://example.com',
      description: '',
      tags: [],
      collectionId: null,
    });
  });

  it('sends the chosen collection and a trimmed title', () => {
    expect(bookmarkBodyOf({ ...empty, url: 'https://a.b', title: ' A ', collectionId: 'c1' })).toMatchObject({
      title: 'A',
      collectionId: 'c1',
    });
  });
});

describe('bookmarkErrorsFromProblem', () => {
  it('puts the server field messages at their fields', () => {
    const problem = new ApiProblem({
      status: 400,
      errors: [{ field: 'url', message: 'must be an absolute http or https URL' }],
    });
    expect(bookmarkErrorsFromProblem(problem)).toEqual({ url: 'must be an absolute http or https URL' });
  });

  it('says at the URL that the address is already bookmarked on 409', () => {
    const problem = new ApiProblem({ status: 409, detail: 'you already bookmarked this URL' });
    expect(bookmarkErrorsFromProblem(problem)).toEqual({ url: 'You already bookmarked this address.' });
  });

  it('has nothing for other problems, which the form shows as an alert', () => {
    expect(bookmarkErrorsFromProblem(new ApiProblem({ status: 503 }))).toEqual({});
    expect(bookmarkErrorsFromProblem(new Error('boom'))).toEqual({});
  });
});
