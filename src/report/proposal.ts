import path from 'node:path';
import type { Proposal } from '../result.js';
import { escape } from './format.js';

/**
 * The action's `generate` in the job summary and the pull-request comment: the proven migration as a
 * file to commit where it is named, what to review in it and what it left out; or, when it did not prove,
 * why. `budget` bounds the section's characters: a file longer than fits is named, and is in the artifact.
 */
export function proposalSection(proposal: Proposal, cwd: string, root: string, budget: number): string[] {
  const where = (file: string) => path.relative(root, path.join(cwd, file)) || file;
  const names = proposal.files.map((file) => code(where(file.file))).join(' and ');
  // a report read back by `command: comment` may come from anyone's pull request: only an artifact's page
  const artifact = proposal.artifact && /^https:\/\/[^\s()<>]+\/artifacts\/\d+$/.test(proposal.artifact);
  const download = artifact ? ` ([download](${proposal.artifact}))` : '';
  const listed = (title: string, lines: string[]) =>
    lines.length > 0 ? [`**${title}**`, '', ...items(lines), ''] : [];
  const left = listed(
    'Left out (destructive; `migration-gate generate --allow-destructive` writes them)',
    proposal.skipped,
  );
  if (proposal.outcome === 'skipped')
    return ['#### 🛠️ No migration proposed', '', 'Every change that closes the drift is destructive.', '', ...left];
  if (proposal.outcome === 'unproven')
    return [
      '#### 🛠️ No migration proposed',
      '',
      `A migration that closes the drift was generated (${names}), but the chain with it did not pass on ${escape(proposal.server)}:`,
      '',
      ...items(proposal.problems),
      '',
      'Run `migration-gate generate --dry-run` to see it.',
      '',
    ];
  const head = [
    '#### 🛠️ A migration that closes the drift',
    '',
    `Proven on ${escape(proposal.server)}: with it the chain replays up, down and up and ends where the model is. Commit it as ${names}${download}.`,
    '',
    ...proposal.notes.map((note) => `${escape(note[0]!.toUpperCase() + note.slice(1))}.\n`),
    ...listed('Review before it runs on production', proposal.review),
    ...left,
  ];
  const files = proposal.files.flatMap((file) => [
    `<details open><summary>${code(where(file.file))}</summary>`,
    '',
    ...fenced(file.text, languageOf(file.file)),
    '',
    '</details>',
    '',
  ]);
  const length = [...head, ...files].join('\n').length;
  if (length <= budget) return [...head, ...files];
  return [
    ...head,
    `The file is too long for this page: ${download ? 'download it above' : "the step's `migration-directory` output holds it"}.`,
    '',
  ];
}

/** The proposal's lists stop at this many lines each: the rest is in `generate --dry-run`'s output. */
const LIST_LIMIT = 20;

/** Lines as list items, at most LIST_LIMIT, each cut at a length a reader takes in. */
function items(lines: string[]): string[] {
  const shown = lines
    .slice(0, LIST_LIMIT)
    .map((line) => `- ${escape(line.length > 500 ? `${line.slice(0, 500)}…` : line)}`);
  return lines.length > LIST_LIMIT
    ? [...shown, `- … and ${lines.length - LIST_LIMIT} more (\`migration-gate generate --dry-run\` lists them all)`]
    : shown;
}

/** A file name as inline code, whatever backticks it holds. */
function code(text: string): string {
  return `<code>${escape(text).replace(/`/g, '&#96;')}</code>`;
}

/** A code block that no run of backticks in the text can close early. */
function fenced(text: string, language: string): string[] {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${language}`, text.replace(/\n$/, ''), fence];
}

function languageOf(file: string): string {
  if (file.endsWith('.sql')) return 'sql';
  return /\.[cm]?ts$/.test(file) ? 'ts' : 'js';
}
