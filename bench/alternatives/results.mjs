// Figures shared between the compare-*.bench.mjs files of one run (they run in one process),
// so the summary can put retort, the alternatives and the goals side by side.

/** workload id → tool key → {median, min, max, runs, memoryMb} | {skip: reason} */
export const results = new Map();

export function record(workload, tool, value) {
  if (!results.has(workload)) results.set(workload, new Map());
  results.get(workload).set(tool, value);
}

export function lookup(workload, tool) {
  return results.get(workload)?.get(tool);
}

/** `--quick`: the fast subset (small sizes, fewer runs). */
export const quick = process.argv.includes('--quick');

/** "1,000" */
export const n = (x) => x.toLocaleString('en');

/** a/b as "1.23×" (or '' when either is missing). */
export function ratio(a, b) {
  if (!a?.median || !b?.median) return '';
  return `${(a.median / b.median).toFixed(2)}×`;
}

/** The machine's load when the comparison files were first loaded (other work skews times). */
export const loadAtStart = (await import('node:os'))
  .loadavg()
  .map((x) => x.toFixed(1))
  .join(' / ');
