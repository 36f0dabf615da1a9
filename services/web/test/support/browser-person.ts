import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Where screenshots land (`<scenario>-<page>.png`); the folder is gitignored. */
export const ARTIFACTS_DIR = join(__dirname, '..', 'artifacts');

export interface PersonOptions {
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
  /** Tells this person's sessions apart in the sessions list. */
  userAgent?: string;
}

/**
 * One person at one browser: an isolated context (own cookies and storage) with one tab, recording what
 * went wrong in the browser so a test can fail on it.
 */
export class BrowserPerson {
  /** Uncaught exceptions thrown in the page: always a bug. */
  readonly pageErrors: string[] = [];
  /** `/api/v1` requests the server answered with 5xx: always a bug. */
  readonly apiServerErrors: string[] = [];
  /** `console.error` lines, including the browser's own "Failed to load resource" for refused requests. */
  readonly consoleErrors: string[] = [];

  private constructor(
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly webUrl: string,
  ) {}

  static async open(browser: Browser, name: string, webUrl: string, options: PersonOptions = {}) {
    const context = await browser.newContext({
      viewport: options.viewport ?? { width: 1280, height: 900 },
      colorScheme: options.colorScheme ?? 'light',
      userAgent: options.userAgent,
      baseURL: webUrl,
    });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const person = new BrowserPerson(name, context, page, webUrl);
    page.on('pageerror', (error) => person.pageErrors.push(`${page.url()}: ${error.stack ?? error.message}`));
    page.on('response', (response) => {
      if (response.status() < 500 || !new URL(response.url()).pathname.startsWith('/api/v1/')) return;
      person.apiServerErrors.push(
        `${page.url()}: ${response.request().method()} ${response.url()} answered ${response.status()}`,
      );
    });
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // "Failed to load resource" names no address; the location does.
      const source = message.location().url;
      person.consoleErrors.push(`${page.url()}: ${message.text()}${source ? ` (${source})` : ''}`);
    });
    return person;
  }

  /** Opens a path of the web app (failing unless the server answers 200) and waits for the page's h1. */
  async visit(path: string, heading?: string | RegExp): Promise<void> {
    const response = await this.page.goto(new URL(path, this.webUrl).toString());
    if (response?.status() !== 200) throw new Error(`GET ${path} answered ${response?.status()}`);
    if (heading !== undefined) await this.heading(heading).waitFor();
  }

  /** Marks the loaded document, so {@link assertNotReloaded} can tell a live update from a page load. */
  async markDocument(): Promise<void> {
    await this.page.evaluate(() => {
      (window as unknown as Record<string, unknown>).__traceraTestMark = true;
    });
  }

  async assertNotReloaded(): Promise<void> {
    const marked = await this.page.evaluate(
      () => (window as unknown as Record<string, unknown>).__traceraTestMark === true,
    );
    if (!marked) throw new Error(`${this.name}'s page was reloaded; the update was meant to arrive live`);
  }

  heading(name: string | RegExp) {
    return this.page.getByRole('heading', { level: 1, name });
  }

  /** Full-page screenshot to artifacts/<scenario>-<pageName>.png. */
  async screenshot(scenario: string, pageName: string): Promise<void> {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await this.page.screenshot({ path: join(ARTIFACTS_DIR, `${scenario}-${pageName}.png`), fullPage: true });
  }

  /**
   * Fails when the page threw or the API answered 5xx since the last call, and forgets them, so one error
   * fails one test; console errors are reported by {@link report}, not fatal.
   */
  assertNoErrors(): void {
    const problems = [
      ...this.pageErrors.splice(0).map((error) => `threw: ${error}`),
      ...this.apiServerErrors.splice(0),
    ];
    if (problems.length > 0) throw new Error(`${this.name}'s browser saw:\n${problems.join('\n')}`);
  }

  report(): string {
    return this.consoleErrors.length === 0
      ? `${this.name}: no console errors`
      : `${this.name}: ${this.consoleErrors.length} console errors:\n  ${this.consoleErrors.join('\n  ')}`;
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
