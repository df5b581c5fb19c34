import { expect } from 'vitest';
import { RetortError } from '../../src/util/errors.js';

/**
 * Cases per property: `FUZZ_RUNS` (`npm run fuzz` sets 100000), else a small sample so
 * `npm test` stays fast.
 */
export const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 200) || 200);

/** Cases for properties that touch the disk or a database (each case costs milliseconds). */
export const SLOW_RUNS = Math.min(RUNS, Math.max(100, Math.min(Math.ceil(RUNS / 50), 2000)));

/** Test timeout that grows with the case count. */
export const TIMEOUT = 60_000 + RUNS * 5;

/**
 * The contract of every fuzzed entry point: it returns, or throws a `RetortError` whose
 * message is one non-empty line. Anything else (TypeError, RangeError, …) is a bug.
 */
export function expectCleanFailure(err: unknown): void {
  if (!(err instanceof RetortError)) {
    throw new Error(`not a RetortError: ${(err as Error)?.stack ?? String(err)}`);
  }
  expect(err.message.trim()).not.toBe('');
  expect(err.message).not.toMatch(/[\r\n]/);
}

/** Runs `fn`; a thrown error must be a clean RetortError. Returns whether it succeeded. */
export function attempt<T>(fn: () => T): { ok: true; value: T } | { ok: false; error: RetortError } {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    expectCleanFailure(err);
    return { ok: false, error: err as RetortError };
  }
}

/** Async form of {@link attempt}, with a hang guard. */
export async function attemptAsync<T>(
  fn: () => Promise<T>,
  timeoutMs = 10_000,
): Promise<{ ok: true; value: T } | { ok: false; error: RetortError }> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hung for ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return { ok: true, value: await Promise.race([fn(), hang]) };
  } catch (err) {
    expectCleanFailure(err);
    return { ok: false, error: err as RetortError };
  } finally {
    clearTimeout(timer);
  }
}
