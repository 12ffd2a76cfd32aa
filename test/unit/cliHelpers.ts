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
