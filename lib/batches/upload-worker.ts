import { parentPort } from 'node:worker_threads';
import type { UploadJob } from './upload-limits';
import { readUploadForm } from './upload-reader';

/**
 * The worker thread that reads uploads (started and kept by upload.ts): it answers each job it is
 * sent with one message, one job at a time. An error it does not expect is thrown out of it,
 * which ends the worker; the server answers that upload with a 400.
 */
parentPort!.on('message', (job: UploadJob) => {
  void readUploadForm(job).then((answer) => parentPort!.postMessage(answer));
});
