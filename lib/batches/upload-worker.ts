import { parentPort, workerData } from 'node:worker_threads';
import type { UploadJob } from './upload-limits';
import { readUploadForm } from './upload-reader';

/**
 * The worker thread that reads one upload (started by upload.ts): it answers one message and
 * ends. An error it does not expect is thrown out of it, which the server answers as a 400.
 */
void readUploadForm(workerData as UploadJob).then((answer) => parentPort!.postMessage(answer));
