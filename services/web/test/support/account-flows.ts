import { type BrowserPerson } from './browser-person';

export interface Account {
  email: string;
  username: string;
  displayName: string;
  password: string;
}

/** Fills the fields /setup and /register share. */
async function fillAccountForm(person: BrowserPerson, account: Account): Promise<void> {
  const page = person.page;
  await page.getByLabel('Email', { exact: true }).fill(account.email);
  await page.getByLabel('Username', { exact: true }).fill(account.username);
  await page.getByLabel('Display name', { exact: true }).fill(account.displayName);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
}

/** Submits the first-run form (/setup, already open), which makes the administrator and lands on the dashboard. */
export async function completeSetup(person: BrowserPerson, account: Account): Promise<void> {
  await fillAccountForm(person, account);
  await person.page.getByRole('button', { name: 'Create administrator' }).click();
  await person.page.waitForURL('**/dashboard');
  await person.heading('Dashboard').waitFor();
}

/** Submits the sign-up form (/register, already open), which lands on the dashboard. */
export async function completeRegistration(person: BrowserPerson, account: Account): Promise<void> {
  await fillAccountForm(person, account);
  await person.page.getByRole('button', { name: 'Create account' }).click();
  await person.page.waitForURL('**/dashboard');
  await person.heading('Dashboard').waitFor();
}

/** Signs in from /sign-in (opened here) and waits for the dashboard. */
export async function signIn(person: BrowserPerson, account: Account): Promise<void> {
  await person.visit('/sign-in', 'Sign in');
  await person.page.getByLabel('Email or username').fill(account.username);
  await person.page.getByLabel('Password', { exact: true }).fill(account.password);
  await person.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await person.page.waitForURL('**/dashboard');
  await person.heading('Dashboard').waitFor();
}

/** The header's Sign out, which lands on /sign-in. */
export async function signOut(person: BrowserPerson): Promise<void> {
  await person.page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await person.page.waitForURL('**/sign-in**');
  await person.heading('Sign in').waitFor();
}
