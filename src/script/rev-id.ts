let lastIssued = 0n;

/**
 * A new revision id as Flask-Alembic makes it: the UTC epoch seconds as a string. Two ids made
 * in the same process, or in one folder (`taken`: the ids already there), never collide: the id is
 * bumped past the newest one issued in this process and past any taken id it would repeat.
 *
 * @example
 * revId(new Date('2026-11-24T00:00:00Z')) // '1795478400'
 */
export function revId(now: Date = new Date(), taken: Iterable<string> = []): string {
  let id = BigInt(Math.floor(now.getTime() / 1000));
  if (id <= lastIssued) id = lastIssued + 1n;
  const used = new Set<string>();
  for (const t of taken) used.add(t);
  while (used.has(id.toString())) id += 1n;
  lastIssued = id;
  return id.toString();
}
