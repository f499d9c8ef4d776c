import { seconds } from './format.js';

/** How a run shows its progress: phases, and the lines it logs within them. */
export interface Progress {
  phase<T>(name: string, work: () => Promise<T>): Promise<T>;
  log(message: string): void;
}

// `up 3/50 …`, `re-up 37/103 …`, `upgrade path 2/4 …` (`[mariadb:11.4] up 3/50 …` on one engine of
// several): one step of a pass, replaced by the next of the same engine
const STEP = /^(\[[^\]]+\] )?[\w -]+ \d+\/\d+\b/;

/**
 * On a terminal, one line updated in place while a pass runs (`re-up 37/103 …`), and one final line per
 * phase with its time; elsewhere (CI logs), a line per phase and per message, as they come.
 */
export function progress(write: (text: string) => void, terminal: { tty: boolean; columns: number }): Progress {
  if (!terminal.tty)
    return {
      phase: (name, work) => {
        write(`${name}\n`);
        return work();
      },
      log: (message) => write(`  ${message}\n`),
    };
  let status = '';
  const clear = () => {
    if (status) write('\r\u001b[K');
    status = '';
  };
  const show = (text: string) => {
    clear();
    status = text.length >= terminal.columns ? `${text.slice(0, Math.max(0, terminal.columns - 2))}…` : text;
    write(status);
  };
  let current: string | null = null;
  // the latest step of each engine, when several run at once: one status line shows them all
  const engines = new Map<string, string>();
  return {
    async phase(name, work) {
      const started = performance.now();
      current = name;
      show(`${name} …`);
      try {
        const result = await work();
        clear();
        write(`✓ ${name} (${seconds(performance.now() - started)})\n`);
        return result;
      } catch (error) {
        clear();
        write(`✗ ${name}\n`);
        throw error;
      } finally {
        current = null;
      }
    },
    log(message) {
      const engine = message.match(STEP)?.[1];
      if (engine) {
        engines.set(engine, message);
        return show([...engines.values()].join(' · '));
      }
      if (STEP.test(message)) return show(current ? `${current}: ${message}` : message);
      clear();
      write(`  ${message}\n`);
      if (current) show(`${current} …`);
    },
  };
}
