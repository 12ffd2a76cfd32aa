// The question on a terminal that apigw.ts hands main(): deploy, promote and rollback ask it before they change
// anything, and take anything but a yes (or the stage's name, typed) as a no.
import readline from 'node:readline';

/**
 * Asks on `output` and reads the answer from `input`. The end of input (Ctrl+D) answers with nothing, which every
 * question takes as no, so the command refuses and exits 1; Ctrl+C calls `interrupted`.
 */
export function askOn(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  interrupted: () => void,
): (question: string) => Promise<string> {
  return (question) =>
    new Promise<string>((resolve) => {
      const rl = readline.createInterface({ input, output });
      let answered = false;
      rl.on('SIGINT', () => {
        answered = true;
        rl.close();
        interrupted();
      });
      rl.on('close', () => {
        if (answered) return;
        output.write('\n');
        resolve('');
      });
      rl.question(question, (answer) => {
        answered = true;
        rl.close();
        resolve(answer);
      });
    });
}
