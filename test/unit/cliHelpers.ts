// In-process I/O for CLI tests: what the CLI writes, collected; a terminal to ask on when `answers` is given.
import type { CliIo } from '../../src/cli/io';

export interface BufferedIo {
  out: { stdout: string; stderr: string; asked: string[] };
  io: CliIo;
}

export function bufferIo(o: { answers?: string[]; extra?: Partial<CliIo> } = {}): BufferedIo {
  const out = { stdout: '', stderr: '', asked: [] as string[] };
  const answers = o.answers ? [...o.answers] : undefined;
  const io: CliIo = {
    stdout: {
      write: (t: string) => {
        out.stdout += t;
      },
    },
    stderr: {
      write: (t: string) => {
        out.stderr += t;
      },
    },
    ...(answers
      ? {
          ask: async (q: string) => {
            out.asked.push(q);
            return answers.shift() ?? '';
          },
        }
      : {}),
    ...o.extra,
  };
  return { out, io };
}

// C0 controls but tab and newline, DEL and C1: what must never reach a terminal raw.
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** The first raw control character in `text` and where, or undefined when there is none. */
export function rawControl(text: string): string | undefined {
  const m = RAW_CONTROL.exec(text);
  return m ? `\\x${m[0].charCodeAt(0).toString(16).padStart(2, '0')} at ${m.index}` : undefined;
}
