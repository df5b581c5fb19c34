/**
 * Answers "is `x` an ancestor of (or equal to) `root`?" by exploring down from `root`
 * only as deep as the questions require.
 *
 * Every down edge leads to a strictly lower generation (longest distance from a base), so
 * a path from `root` to `x` only passes through revisions of a higher generation than `x`:
 * expanding those is enough. Questions usually come in falling generation order, so each
 * revision is expanded at most once over a probe's life.
 * @internal
 */
export class AncestorProbe<R> {
  readonly #seen: Set<R>;
  /** max-heap on generation of reached, not yet expanded revisions */
  readonly #frontier: R[];
  readonly #generation: (rev: R) => number;
  readonly #down: (rev: R) => Iterable<R>;

  constructor(root: R, generation: (rev: R) => number, down: (rev: R) => Iterable<R>) {
    this.#seen = new Set([root]);
    this.#frontier = [root];
    this.#generation = generation;
    this.#down = down;
  }

  has(rev: R): boolean {
    if (this.#seen.has(rev)) return true;
    const floor = this.#generation(rev);
    const frontier = this.#frontier;
    while (frontier.length > 0 && this.#generation(frontier[0]) > floor) {
      const next = this.#pop();
      for (const down of this.#down(next)) {
        if (this.#seen.has(down)) continue;
        this.#seen.add(down);
        this.#push(down);
      }
    }
    return this.#seen.has(rev);
  }

  #push(rev: R): void {
    const heap = this.#frontier;
    const gen = this.#generation(rev);
    let i = heap.length;
    heap.push(rev);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.#generation(heap[parent]) >= gen) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = rev;
  }

  #pop(): R {
    const heap = this.#frontier;
    const top = heap[0];
    const last = heap.pop() as R;
    if (heap.length > 0) {
      const gen = this.#generation(last);
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child =
          right < heap.length && this.#generation(heap[right]) > this.#generation(heap[left]) ? right : left;
        if (this.#generation(heap[child]) <= gen) break;
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}
