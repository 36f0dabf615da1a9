/** Polls `check` until it returns true, failing with a description after `timeoutMs`. */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  options: { timeoutMs?: number; intervalMs?: number; description?: string; diagnostics?: () => string } = {},
): Promise<number> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 10_000;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return Date.now() - started;
    } catch (error) {
      lastError = error;
      if (error instanceof Error && error.message.includes('exited during start-up')) throw error;
    }
    if (Date.now() - started > timeoutMs) {
      const extra = options.diagnostics ? `\n${options.diagnostics()}` : '';
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${options.description ?? 'condition'}${cause}${extra}`,
      );
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 100));
  }
}
