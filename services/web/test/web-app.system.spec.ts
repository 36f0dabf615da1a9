import { type Browser, type Page } from 'playwright-core';
import { waitFor } from '../../../libs/testing/src/wait-for';
import { type Account, completeRegistration, completeSetup, signIn, signOut } from './support/account-flows';
import { BrowserPerson, type PersonOptions } from './support/browser-person';
import { CHROMIUM_LAUNCH_BUDGET_MS, launchChromium } from './support/chromium';
import {
  startWebStack,
  WEB_STACK_START_BUDGET_MS,
  WEB_STACK_STOP_BUDGET_MS,
  type WebStack,
} from './support/web-stack';

/**
 * The web app in headless Chromium against the local system as `npm start` runs it (the real runner, every
 * service and the Next.js server on free ports) over a fresh, empty database. The tests run in order and
 * build on each other: the administrator made in the first is the one who saves the bookmark, and so on.
 */

const admin: Account = {
  email: 'ada@example.test',
  username: 'ada',
  displayName: 'Ada Admin',
  password: 'correct horse battery staple',
};
const member: Account = {
  email: 'bea@example.test',
  username: 'bea',
  displayName: 'Bea Member',
  password: 'another horse battery staple',
};
const BOOKMARK = { url: 'https://example.com/lighthouse-handbook', title: 'Lighthouse keeper handbook' };
/** Analytics and search follow the writes through event streams. */
const EVENTUALLY_MS = 20_000;

describe('Tracera web app in Chromium', () => {
  let stack: WebStack;
  let browser: Browser;
  const people: BrowserPerson[] = [];
  let adminPerson: BrowserPerson;
  const started = Date.now();

  async function openPerson(name: string, options?: PersonOptions): Promise<BrowserPerson> {
    const person = await BrowserPerson.open(browser, name, stack.webUrl, options);
    people.push(person);
    return person;
  }

  /** Calls the API with the cookie this person's browser holds (for checks and set-up the UI is not about). */
  async function api<T>(
    person: BrowserPerson,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<T> {
    const response = await person.context.request.fetch(`${stack.apiUrl}${path}`, {
      method,
      data: body,
    });
    if (!response.ok())
      throw new Error(`${method} ${path} answered ${response.status()}: ${await response.text()}`);
    return (await response.json()) as T;
  }

  beforeAll(
    async () => {
      // One after the other: installing a missing Chromium must not slow the stack's start-up.
      browser = await launchChromium();
      stack = await startWebStack('web-app');
      console.log(`web stack ready in ${(stack.startMs / 1000).toFixed(1)} s`);
    },
    CHROMIUM_LAUNCH_BUDGET_MS + WEB_STACK_START_BUDGET_MS + 10_000,
  );

  afterEach(() => {
    for (const person of people) person.assertNoErrors();
  });

  afterAll(async () => {
    if (people.length > 0) console.log(people.map((person) => person.report()).join('\n'));
    await browser?.close();
    await stack?.stop();
    console.log(`web app browser tests: ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
  }, WEB_STACK_STOP_BUDGET_MS + 20_000);

  it('(a) makes the administrator at /setup on first run, then signs out and back in at /sign-in', async () => {
    adminPerson = await openPerson('admin');
    await adminPerson.visit('/setup', 'Create the administrator account');
    await adminPerson.screenshot('first-run', 'setup');
    await completeSetup(adminPerson, admin);
    await adminPerson.screenshot('first-run', 'dashboard');

    await signOut(adminPerson);
    await adminPerson.screenshot('first-run', 'sign-in');
    await signIn(adminPerson, admin);
    const me = await api<{ user: { username: string; role: string } }>(adminPerson, 'GET', '/auth/me');
    expect(me.user).toMatchObject({ username: admin.username, role: 'admin' });
  });

  it('(f) refuses a bookmark with an invalid URL with a message at the field, creating nothing', async () => {
    const page = adminPerson.page;
    await adminPerson.visit('/library/bookmarks', 'Bookmarks');
    await page.getByRole('button', { name: 'Add bookmark' }).click();
    await page.getByLabel('URL', { exact: true }).fill('not a web address');
    await page.getByLabel('Title', { exact: true }).fill('Broken bookmark');
    await page.getByRole('button', { name: 'Save bookmark' }).click();

    const urlField = page.getByLabel('URL', { exact: true });
    await waitFor(async () => (await urlField.getAttribute('aria-invalid')) === 'true', {
      description: 'the URL field marked invalid',
    });
    const messageId = (await urlField.getAttribute('aria-describedby')) ?? '';
    // useId() ids are not valid CSS #selectors, hence the attribute form.
    const description = page.locator(
      messageId
        .split(' ')
        .map((id) => `[id="${id}"]`)
        .join(', '),
    );
    expect((await description.allInnerTexts()).join(' ')).toMatch(/url|address|link/i);
    await adminPerson.screenshot('bad-input', 'bookmark-invalid-url');

    const bookmarks = await api<{ items: unknown[] }>(adminPerson, 'GET', '/bookmarks');
    expect(bookmarks.items).toEqual([]);
    await expectNoArticle(page, 'Broken bookmark');
  });

  it('(b) saves a bookmark through the UI and finds it with the header search box and on /search', async () => {
    const page = adminPerson.page;
    await adminPerson.visit('/library/bookmarks', 'Bookmarks');
    await page.getByRole('button', { name: 'Add bookmark' }).click();
    await page.getByLabel('URL', { exact: true }).fill(BOOKMARK.url);
    await page.getByLabel('Title', { exact: true }).fill(BOOKMARK.title);
    const tags = page.getByLabel('Tags', { exact: true });
    await tags.fill('reading');
    await tags.press('Enter');
    await page.getByRole('button', { name: 'Save bookmark' }).click();
    await page
      .getByRole('article')
      .filter({ has: page.getByRole('heading', { name: BOOKMARK.title }) })
      .waitFor();
    await adminPerson.screenshot('bookmarks', 'bookmarks');

    // The header search box: the suggestion list, then the keyboard opens the bookmark.
    const searchBox = page.getByRole('combobox', { name: 'Search' });
    const suggestion = page.getByRole('listbox').getByRole('option', { name: new RegExp(BOOKMARK.title) });
    await waitFor(
      async () => {
        // Indexing follows the write through a stream: type again until the suggestion shows.
        await searchBox.fill('');
        await searchBox.fill('lighthouse');
        return suggestion
          .waitFor({ timeout: 2_000 })
          .then(() => true)
          .catch(() => false);
      },
      { timeoutMs: EVENTUALLY_MS, description: 'the bookmark among the search suggestions' },
    );
    await adminPerson.screenshot('search', 'header-suggestions');
    await searchBox.press('ArrowDown');
    await searchBox.press('Enter');
    await page.waitForURL(/\/library\/bookmarks\?item=[0-9a-f-]+/);
    await page
      .getByRole('article')
      .filter({ has: page.getByRole('heading', { name: BOOKMARK.title }) })
      .waitFor();

    // Enter without a chosen suggestion: the full results page, the match highlighted.
    await searchBox.fill('lighthouse');
    await searchBox.press('Enter');
    await page.waitForURL(/\/search\?q=lighthouse/);
    await adminPerson.heading('Search').waitFor();
    const results = page.getByRole('list', { name: 'Search results' });
    await results.getByRole('link', { name: new RegExp(BOOKMARK.title) }).waitFor();
    expect((await results.locator('mark').allInnerTexts()).map((text) => text.toLowerCase())).toContain(
      'lighthouse',
    );
    await adminPerson.screenshot('search', 'search');
  });

  it('(d) shows the new bookmark in the dashboard totals', async () => {
    const page = adminPerson.page;
    await adminPerson.visit('/dashboard', 'Dashboard');
    const bookmarksTotal = page.locator('dl[aria-label="Totals"] dt:text-is("Bookmarks") + dd');
    await waitFor(
      async () => {
        // The dashboard reads analytics, which counts the event a moment after the write.
        if (Number(await bookmarksTotal.innerText({ timeout: 5_000 })) >= 1) return true;
        await page.reload();
        return false;
      },
      { timeoutMs: EVENTUALLY_MS, intervalMs: 1_000, description: 'Bookmarks total of at least 1' },
    );
    await adminPerson.screenshot('dashboard', 'dashboard');
  });

  it('(c) carries chat messages live between two people, typing included', async () => {
    const bea = await openPerson('member');
    await bea.visit('/register', 'Create your account');
    await bea.screenshot('chat', 'register');
    await completeRegistration(bea, member);

    // Bea starts a conversation with Ada and says hello.
    await bea.visit('/chat');
    await bea.page.getByRole('button', { name: 'New conversation' }).click();
    await bea.page.getByLabel('People', { exact: true }).fill('Ada');
    await bea.page.getByRole('checkbox', { name: new RegExp(admin.displayName) }).check();
    await bea.page.getByRole('button', { name: 'Start conversation' }).click();
    const beaLog = bea.page.getByRole('log', { name: 'Messages' });
    await beaLog.waitFor();
    await bea.page.getByLabel('Message', { exact: true }).fill('Hello Ada, it is Bea');
    await bea.page.getByRole('button', { name: 'Send', exact: true }).click();
    await beaLog.getByText('Hello Ada, it is Bea').waitFor();

    // Ada opens it; from now on neither page reloads.
    const ada = adminPerson;
    await ada.visit('/chat');
    await ada.screenshot('chat', 'chat-list');
    await ada.page
      .getByRole('list', { name: 'Conversations' })
      .getByRole('link', { name: new RegExp(member.displayName) })
      .click();
    const adaLog = ada.page.getByRole('log', { name: 'Messages' });
    await adaLog.getByText('Hello Ada, it is Bea').waitFor();
    await Promise.all([ada.markDocument(), bea.markDocument()]);

    await ada.page.getByLabel('Message', { exact: true }).fill('Hi Bea, welcome aboard');
    await ada.page.getByRole('button', { name: 'Send', exact: true }).click();
    await beaLog.getByText('Hi Bea, welcome aboard').waitFor({ timeout: 5_000 });

    await bea.page.getByLabel('Message', { exact: true }).pressSequentially('Thanks', { delay: 30 });
    await ada.page.getByText(new RegExp(`${member.displayName} is typing`, 'i')).waitFor({ timeout: 5_000 });
    await bea.page.getByRole('button', { name: 'Send', exact: true }).click();
    await adaLog.getByText('Thanks', { exact: true }).waitFor({ timeout: 5_000 });
    await Promise.all([ada.assertNotReloaded(), bea.assertNotReloaded()]);
    await ada.screenshot('chat', 'conversation');
    await bea.screenshot('chat', 'conversation-member');
  });

  it('(e) revokes another session of the same person, who is signed out there live', async () => {
    const otherTab = await openPerson('admin-second-browser', { userAgent: 'TraceraSecondBrowser/1.0' });
    await signIn(otherTab, admin);

    await adminPerson.visit('/settings/security');
    const page = adminPerson.page;
    await page.getByRole('heading', { level: 2, name: 'Sessions' }).waitFor();
    const otherSession = page.getByRole('listitem').filter({ hasText: 'TraceraSecondBrowser' });
    await adminPerson.screenshot('settings', 'security');
    await otherSession.getByRole('button', { name: /Revoke/ }).click();

    // The test never touches the other tab again: only the socket's `session:revoked` sends it to
    // `?reason=revoked` (a 401 would go to `?next=`), so arriving there proves the sign-out came live.
    await otherTab.page.waitForURL(/\/sign-in\?reason=revoked$/, { timeout: 10_000 });
    await otherTab.page
      .getByRole('alert')
      .filter({ hasText: /signed out/i })
      .waitFor();
    await otherTab.screenshot('sessions', 'sign-in-revoked');
    // It stays there (no late 401 redirect to `?next=`), and the server has ended that session.
    expect(new URL(otherTab.page.url()).search).toBe('?reason=revoked');
    const me = await otherTab.context.request.get(`${stack.apiUrl}/auth/me`);
    expect(me.status()).toBe(401);
    await otherSession.waitFor({ state: 'detached' });
  });

  it('renders every page in light, some in dark, and one at 375 px, without errors', async () => {
    const page = adminPerson.page;
    await api(adminPerson, 'POST', '/notes', { title: 'Lighthouse log', body: '# Watch\n\n- lamp *lit*' });
    await api(adminPerson, 'POST', '/tasks', { title: 'Trim the wick', priority: 'high' });
    const pages: [string, string][] = [
      ['dashboard', '/dashboard'],
      ['bookmarks', '/library/bookmarks'],
      ['notes', '/library/notes'],
      ['tasks', '/library/tasks'],
      ['files', '/library/files'],
      ['search', '/search?q=lighthouse'],
      ['chat', '/chat'],
      ['challenges', '/challenges'],
      ['settings-profile', '/settings'],
      ['settings-security', '/settings/security'],
      ['settings-tokens', '/settings/tokens'],
      ['settings-data', '/settings/data'],
      ['settings-users', '/settings/users'],
    ];
    for (const [name, path] of pages) {
      await adminPerson.visit(path);
      await settle(page);
      await adminPerson.screenshot('light', name);
      await expectNoProblem(adminPerson, path);
    }

    await page.emulateMedia({ colorScheme: 'dark' });
    for (const [name, path] of pages.filter(([name]) =>
      ['dashboard', 'bookmarks', 'chat', 'settings-security'].includes(name),
    )) {
      await adminPerson.visit(path);
      await settle(page);
      await adminPerson.screenshot('dark', name);
      await expectNoProblem(adminPerson, path);
    }

    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 375, height: 812 });
    await adminPerson.visit('/library/bookmarks', 'Bookmarks');
    await settle(page);
    await adminPerson.screenshot('narrow', 'bookmarks');
    await expectNoProblem(adminPerson, '/library/bookmarks');
  });
});

/** Waits until the page shows its one h1 and no loading state, so the screenshot shows the loaded page. */
async function settle(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.loading-state').length === 0, undefined, {
    timeout: 10_000,
  });
}

/** Fails when the page shows an alert (a ProblemAlert, a failed save…) or the API answered it 5xx. */
async function expectNoProblem(person: BrowserPerson, path: string): Promise<void> {
  // Next's route announcer is an alert too; it speaks titles, not problems.
  const alerts = await person.page.locator('[role="alert"]:not(#__next-route-announcer__)').allInnerTexts();
  expect({ path, alerts: alerts.filter((text) => /\S/.test(text)) }).toEqual({ path, alerts: [] });
  person.assertNoErrors();
}

async function expectNoArticle(page: Page, title: string): Promise<void> {
  expect(await page.getByRole('article').filter({ hasText: title }).count()).toBe(0);
}
