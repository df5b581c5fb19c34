import { describe, expect, it } from 'vitest';
import {
  CURRENT_HEAD_MULTIPLE_HEADS,
  MultipleHeads,
  RangeNotAncestorError,
  ResolutionError,
  RevisionError,
  toCommandError,
} from '../../src/revision/index.js';
import { CommandError } from '../../src/util/errors.js';
import { mapOf, rev } from './helpers.js';

function reworded(
  fn: () => unknown,
  ...args: Parameters<typeof toCommandError> extends [unknown, ...infer Rest] ? Rest : never
) {
  try {
    fn();
  } catch (err) {
    const out = toCommandError(err, ...args);
    expect(out).toBeInstanceOf(CommandError);
    expect((out as Error).cause).toBe(err);
    return (out as Error).message;
  }
  throw new Error('expected an error');
}

describe('toCommandError', () => {
  const forked = mapOf(rev('a'), rev('b', 'a'), rev('c1', 'b'), rev('c2', 'b'));

  it("words unknown revisions as Can't locate", () => {
    expect(reworded(() => forked.planUpgrade('zzzz', []), 'upgrade', { end: 'zzzz' })).toBe(
      "Can't locate revision identified by 'zzzz'",
    );
    expect(reworded(() => forked.getRevision('x@c1'))).toBe("Can't locate revision identified by 'x'");
  });

  it('words multiple heads per command', () => {
    expect(reworded(() => forked.planUpgrade('head', []), 'upgrade', { end: 'head' })).toBe(
      "Multiple head revisions are present for given argument 'head'; please specify a specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads",
    );
    expect(reworded(() => forked.getRevision('head'))).toBe(
      "Multiple head revisions are present for given argument 'head'; please specify a specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads",
    );
    expect(reworded(() => forked.planStamp('head', []), 'stamp')).toBe(
      'Multiple heads are present; please specify a single target revision',
    );
    expect(reworded(() => forked.getRevisions('head'), 'revision')).toBe(
      'Multiple heads are present; please specify the head revision on which the new revision should be based, or perform a merge.',
    );
    expect(
      reworded(() => forked.getCurrentHead(), 'default', { multipleHeads: CURRENT_HEAD_MULTIPLE_HEADS }),
    ).toBe(
      'The script directory has multiple heads (due to branching).Please use get_heads(), or merge the branches using alembic merge.',
    );
  });

  it('words ranges that are not ancestor/descendant', () => {
    expect(reworded(() => forked.planDowngrade('c1', ['c2']), 'downgrade', { end: 'c1' })).toBe(
      'Destination c1 is not a valid downgrade target from current head(s)',
    );
    expect(reworded(() => forked.iterateRevisions('c2', 'c1'), 'default', { start: 'c1', end: 'c2' })).toBe(
      'Requested range c1:c2 does not refer to ancestor/descendant revisions along the same branch',
    );
    expect(reworded(() => forked.iterateRevisions('c2', 'c1'))).toBe(
      'Requested range c1:c2 does not refer to ancestor/descendant revisions along the same branch',
    );
    expect(toCommandError(new RangeNotAncestorError('x', 'y'), 'upgrade', { end: 'y' })).toHaveProperty(
      'message',
      'Destination y is not a valid upgrade target from current head(s)',
    );
  });

  it('passes other revision errors through with their text', () => {
    expect(reworded(() => forked.planUpgrade('+1', ['c1', 'c2']), 'upgrade', { end: '+1' })).toBe(
      'Ambiguous upgrade from multiple current revisions',
    );
    expect(reworded(() => mapOf(rev('a', 'a')).heads)).toBe('Self-loop is detected in revisions (a)');
  });

  it('leaves anything else alone', () => {
    const plain = new TypeError('boom');
    expect(toCommandError(plain, 'upgrade')).toBe(plain);
  });

  it('keeps the raw error classes and fields', () => {
    const heads = new MultipleHeads(['a', 'b'], 'head');
    expect(heads.message).toBe("Multiple heads are present for given argument 'head'; a, b");
    expect(heads.heads).toEqual(['a', 'b']);
    expect(new ResolutionError('x', 'arg').argument).toBe('arg');
    expect(new RangeNotAncestorError(null, 'b').message).toBe(
      'Revision base is not an ancestor of revision b',
    );
    expect(new RangeNotAncestorError(['a', 'b'], ['c']).message).toBe(
      "Revision ('a', 'b') is not an ancestor of revision ('c',)",
    );
    expect(heads).toBeInstanceOf(RevisionError);
  });
});
