import { describe, expect, it } from 'vitest';
import { baseOf } from '../../src/action.js';

const BASE = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
const ZERO = '0000000000000000000000000000000000000000';

// The base of the history checks, by event, as the action takes it from GITHUB_EVENT_NAME and the payload.
describe('baseOf', () => {
  it.each([
    ['pull_request', { pull_request: { base: { sha: BASE } } }, "(pull_request: the pull request's base)"],
    [
      'pull_request_target',
      { pull_request: { base: { sha: BASE } } },
      "(pull_request_target: the pull request's base)",
    ],
    ['merge_group', { merge_group: { base_sha: BASE } }, "(merge_group: the merge queue's base)"],
    ['push', { before: BASE, ref: 'refs/heads/main' }, '(push: the commit before the push)'],
  ])('%s: checks against the payload’s base', (name, payload, why) => {
    expect(baseOf('', { name, payload })).toEqual({
      ref: BASE,
      note: `History checked against 1a2b3c4 ${why}.`,
      notice: false,
    });
  });

  it.each([
    [{ pull_request: { base: { sha: BASE } } }, 'pull_request'],
    [{ merge_group: { base_sha: BASE } }, 'merge_group'],
    [{ before: BASE, after: BASE, ref: 'refs/heads/main' }, 'push'],
  ])('reads the event from the payload’s shape when GITHUB_EVENT_NAME is unset (%j)', (payload, name) => {
    expect(baseOf('', { name: undefined, payload })).toMatchObject({ ref: BASE, note: expect.stringContaining(name) });
  });

  it('turns the history checks off for a new branch, with a notice', () => {
    expect(baseOf('', { name: 'push', payload: { before: ZERO, ref: 'refs/heads/feature' } })).toEqual({
      ref: undefined,
      note: 'No history check: push of a new branch (before is 0000000…).',
      notice: true,
    });
    expect(baseOf('', { name: 'push', payload: { before: ZERO, ref: 'refs/tags/v1.0.0' } }).note).toContain(
      'push of a new tag',
    );
  });

  it.each([
    ['workflow_dispatch', { ref: 'refs/heads/main' }, 'a workflow_dispatch event has no base'],
    ['pull_request', {}, 'the pull_request payload has no base sha'],
    ['merge_group', { merge_group: {} }, 'the merge_group payload has no base_sha'],
    [undefined, {}, 'this event has no base'],
  ])('checks no history on %s %j', (name, payload, why) => {
    expect(baseOf('', { name, payload })).toMatchObject({ ref: undefined, note: expect.stringContaining(why) });
  });

  it('takes the base input over the event, and none turns the checks off', () => {
    const event = { name: 'merge_group', payload: { merge_group: { base_sha: BASE } } };
    expect(baseOf('origin/main', event)).toMatchObject({
      ref: 'origin/main',
      note: 'History checked against origin/main (the base input).',
    });
    expect(baseOf('none', event)).toMatchObject({ ref: undefined, note: 'No history check: the base input is none.' });
  });

  it('checks no history without an event payload', () => {
    expect(baseOf('', { name: 'push', payload: null })).toMatchObject({ ref: undefined });
  });
});
