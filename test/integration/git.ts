import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectCopy, ROOT, TODOBOX } from './helpers.js';

/** A real git repository holding a copy of todobox, with its own history, as a pull request's checkout. */
export class GitProject {
  readonly dir: string;

  constructor(source = TODOBOX) {
    this.dir = projectCopy(source);
    // As in a real project: node_modules beside the code, ignored by git.
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(this.dir, 'node_modules'), 'dir');
    writeFileSync(path.join(this.dir, '.gitignore'), 'node_modules\n');
    this.git('init', '-q', '-b', 'main');
    this.commit('base');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'test',
        GIT_AUTHOR_EMAIL: 'test@example.com',
        GIT_COMMITTER_NAME: 'test',
        GIT_COMMITTER_EMAIL: 'test@example.com',
      },
    }).trim();
  }

  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD');
  }

  write(file: string, text: string): void {
    mkdirSync(path.dirname(path.join(this.dir, file)), { recursive: true });
    writeFileSync(path.join(this.dir, file), text);
  }

  read(file: string): string {
    return readFileSync(path.join(this.dir, file), 'utf8');
  }

  /** Replaces text in a file; the text must be there. */
  edit(file: string, replace: string, by: string): void {
    const text = this.read(file);
    if (!text.includes(replace)) throw new Error(`${file} has no ${JSON.stringify(replace)}`);
    this.write(file, text.replace(replace, by));
  }

  remove(file: string): void {
    rmSync(path.join(this.dir, file));
  }

  rename(from: string, to: string): void {
    renameSync(path.join(this.dir, from), path.join(this.dir, to));
  }
}

/** A branch off main of todobox with the given change committed, as a pull request's head. */
export function branch(change: (project: GitProject) => void): GitProject {
  const project = new GitProject();
  project.git('checkout', '-q', '-b', 'feature');
  change(project);
  project.commit('the pull request');
  return project;
}

/** A reversible Sequelize migration in sequelize-cli style, with the given bodies. */
export function migration(up: string, down: string): string {
  return `'use strict';

/** @type {import('sequelize-cli').Migration} */
module.exports = {
  async up(queryInterface, Sequelize) {
${up}
  },

  async down(queryInterface, Sequelize) {
${down}
  },
};
`;
}
