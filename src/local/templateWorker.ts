// The worker that renders the local API's mapping templates (dist/local-templates.js): a template that loops for
// ever or fills the heap ends this worker, not the local API (src/local/templates.ts).
import { parentPort } from 'node:worker_threads';
import { renderTemplate, type TemplateInput } from '../core/local/vtl';

export interface TemplateJob {
  id: number;
  template: string;
  input: TemplateInput;
}

parentPort?.on('message', (job: TemplateJob) => {
  parentPort!.postMessage({ id: job.id, result: renderTemplate(job.template, job.input) });
});
