import { describe, expect, it } from 'vitest';
import { progress } from '../../src/report/progress.js';

function recorder(tty: boolean, columns = 80) {
  const written: string[] = [];
  return { written, shown: progress((text) => written.push(text), { tty, columns }) };
}

describe('progress', () => {
  it('writes a line per phase and per message where it is no terminal (CI logs)', async () => {
    const { written, shown } = recorder(false);
    await shown.phase('Replay up, down, up', async () => {
      shown.log('up 1/2 001.js');
      shown.log('up 2/2 002.js');
    });
    expect(written).toEqual(['Replay up, down, up\n', '  up 1/2 001.js\n', '  up 2/2 002.js\n']);
  });

  it('updates one line in place on a terminal, and ends each phase with a line and its time', async () => {
    const { written, shown } = recorder(true);
    await shown.phase('Replay up, down, up', async () => {
      shown.log('re-up 36/103 036.js');
      shown.log('re-up 37/103 037.js');
    });
    const text = written.join('');
    expect(text).toContain('Replay up, down, up: re-up 37/103 037.js');
    expect(written.at(-2)).toBe('\r\u001b[K');
    expect(written.at(-1)).toMatch(/^✓ Replay up, down, up \(\d+\.\d\d s\)\n$/);
    // every status line is cleared before the next is drawn: nothing piles up
    expect(text.split('\n')).toHaveLength(2);
  });

  it('keeps messages that are no step as lines of their own, and redraws the status after them', async () => {
    const { written, shown } = recorder(true);
    await shown.phase('Start the database server', async () => {
      shown.log('starting mysql:8.4');
    });
    expect(written).toEqual([
      'Start the database server …',
      '\r\u001b[K',
      '  starting mysql:8.4\n',
      'Start the database server …',
      '\r\u001b[K',
      expect.stringMatching(/^✓ Start the database server \(\d+\.\d\d s\)\n$/),
    ]);
  });

  it('shows the latest step of each engine on the one status line when several run at once', () => {
    const { written, shown } = recorder(true, 120);
    shown.log('[mysql:8.4] up 3/50 003.js');
    shown.log('[mariadb:11.4] up 1/50 001.js');
    shown.log('[mysql:8.4] up 4/50 004.js');
    expect(written.at(-1)).toBe('[mysql:8.4] up 4/50 004.js · [mariadb:11.4] up 1/50 001.js');
    shown.log('[mariadb:11.4] server: 11.4.2-MariaDB');
    expect(written).toContain('  [mariadb:11.4] server: 11.4.2-MariaDB\n');
  });

  it('says which phase failed, and lets the error through', async () => {
    const { written, shown } = recorder(true);
    await expect(
      shown.phase('Load the migration chain', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(written.at(-1)).toBe('✗ Load the migration chain\n');
  });

  it('cuts a status line to the terminal’s width', async () => {
    const { written, shown } = recorder(true, 20);
    await shown.phase('Replay up, down, up', async () => shown.log('up 1/1 a-very-long-migration-name.ts'));
    expect(written.filter((text) => text.endsWith('…')).every((text) => text.length <= 20)).toBe(true);
  });
});
