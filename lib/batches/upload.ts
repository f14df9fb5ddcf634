import 'server-only';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import pLimit from 'p-limit';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { readBytes } from '@/lib/api/input';
import type { SessionUser } from '@/lib/auth/access';
import { serverEnv } from '@/lib/env/server';
import { AppError, type Bilingual } from '@/lib/errors';
import { log } from '@/lib/log';
import { metrics } from '@/lib/ops/metrics';
import { MAX_CELLS, MAX_UPLOAD_BYTES, uploadTooLarge, type UploadAnswer, type UploadedForm, type UploadJob } from './upload-limits';

/**
 * An uploaded file is read off the request thread: the body is read here (at most 5 MiB, as it
 * arrives) and handed to a worker thread of its own (upload-worker.ts), which parses the form and
 * the file with the streaming readers of upload-reader.ts and answers the entries. The server's
 * event loop only copies bytes in and a few thousand entries out, so a file built to be slow to
 * read holds no other request. The worker has a heap of its own, capped by `resourceLimits`, and
 * is stopped when it is done, fails or takes too long; each of these is a 400 that says so,
 * never a 5xx.
 *
 * Each user may upload ORDER_DESK_UPLOADS_PER_MINUTE files a minute, one at a time, and the
 * server reads at most PARSES_AT_ONCE files at once (the others wait their turn).
 */

const PARSES_AT_ONCE = 2;
const WORKER_TIMEOUT_MS = 30_000;
/** The worker's own heap: a bill export of 10,000 rows × 25 columns of distinct text needs 48-64 MB. */
const WORKER_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 };

export type WorkerStart = (options: { workerData: UploadJob; resourceLimits: ResourceLimits }) => Worker;

export interface WorkerOptions {
  timeoutMs?: number;
  resourceLimits?: ResourceLimits;
  /** How the worker is started; the unit tests start it from the TypeScript sources. */
  start?: WorkerStart;
}

const parsing = pLimit(PARSES_AT_ONCE);

/** Reads a multipart upload's form and file in a worker; a refusal is thrown as the AppError it is. */
export async function readUploadRequest(request: Request, maxEntries: number): Promise<UploadedForm> {
  const read = await readBytes(request, MAX_UPLOAD_BYTES + 64 * 1024, uploadTooLarge);
  // The worker gets a copy of the whole ArrayBuffer: a small body sits in Node's shared buffer
  // pool, so it is copied out first; a large one (its own ArrayBuffer) is handed over as it is.
  const body = (read.byteLength === read.buffer.byteLength ? read : read.slice()) as Uint8Array<ArrayBuffer>;
  const job: UploadJob = { body, contentType: request.headers.get('content-type') ?? '', limits: { maxEntries, maxCells: MAX_CELLS } };
  return parsing(() => readInWorker(job));
}

const unreadable = (reason: Bilingual) =>
  new AppError({
    code: 'invalid_request',
    message: reason,
    action: { en: 'Upload only the id column, as CSV or in a new workbook, or paste the ids.', zh: '请只上传订单号这一列（CSV 或新建的工作簿），或直接粘贴订单号。' },
  });

/** The worker's answer: the form as read, or the refusal it made. Anything else it does is a 400 too. */
export async function readInWorker(job: UploadJob, options: WorkerOptions = {}): Promise<UploadedForm> {
  const timeoutMs = options.timeoutMs ?? WORKER_TIMEOUT_MS;
  const cannotRead: Bilingual = { en: 'The file could not be read.', zh: '无法读取该文件。' };
  const failed = (reason: Bilingual, error: unknown) => {
    log.warn({ err: error }, `upload not read: ${reason.en}`);
    return unreadable(reason);
  };
  let worker: Worker;
  try {
    worker = (options.start ?? startWorker)({ workerData: job, resourceLimits: options.resourceLimits ?? WORKER_LIMITS });
  } catch (error) {
    throw failed(cannotRead, error);
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    // Whichever comes first is the answer: a message, an error, an exit or the timeout.
    const answer = await new Promise<UploadAnswer>((resolve, reject) => {
      let settled = false;
      const settle = (then: () => void) => {
        if (!settled) then();
        settled = true;
      };
      const fail = (reason: Bilingual, error: unknown) => settle(() => reject(failed(reason, error)));
      timer = setTimeout(() => fail({ en: `The file took more than ${timeoutMs / 1000} s to read.`, zh: `读取该文件超过 ${timeoutMs / 1000} 秒。` }, null), timeoutMs);
      worker.once('message', (message: UploadAnswer) => settle(() => resolve(message)));
      worker.once('error', (error: Error & { code?: string }) =>
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? fail({ en: 'The file needs more memory to read than a list of order ids does.', zh: '读取该文件所需的内存远超一份订单号名单。' }, error)
          : fail(cannotRead, error),
      );
      worker.once('exit', (code) => fail(cannotRead, new Error(`upload worker exited with ${code}`)));
    });
    if (!answer.ok) throw new AppError({ code: 'invalid_request', message: answer.error.message, action: answer.error.action });
    return answer.form;
  } finally {
    clearTimeout(timer);
    void worker.terminate();
  }
}

/**
 * Next bundles upload-worker.ts into a script of its own, found by following this very form,
 * `new Worker(new URL(…, import.meta.url))`, and makes the URL point at that script.
 */
const startWorker: WorkerStart = ({ workerData, resourceLimits }) => new Worker(new URL('./upload-worker.ts', import.meta.url), { workerData, resourceLimits });

// ---------------------------------------------------------------------------------------------
// How often a user may upload

const reading = new Set<string>();
let perMinute: RateLimiterMemory | undefined;

/**
 * Runs `work` (reading a user's upload) if the user may upload now: one file at a time, at most
 * ORDER_DESK_UPLOADS_PER_MINUTE a minute. Counted by each server in its own memory: what is
 * protected is that server's CPU and memory. Otherwise a 429.
 */
export async function asUpload<T>(user: SessionUser, work: () => Promise<T>): Promise<T> {
  const limit = serverEnv().ORDER_DESK_UPLOADS_PER_MINUTE;
  perMinute ??= new RateLimiterMemory({ keyPrefix: 'upload', points: limit, duration: 60 });
  if (reading.has(user.id)) {
    throw tooManyUploads({ en: 'A file of yours is still being read.', zh: '您上传的另一个文件仍在读取中。' }, { en: 'Wait for it to finish, then try again.', zh: '请等它读取完成后重试。' });
  }
  // Taken before anything is awaited, so two uploads arriving together cannot both pass.
  reading.add(user.id);
  try {
    try {
      await perMinute.consume(user.id);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw tooManyUploads(
        { en: `You have uploaded ${limit} files in the last minute, the most allowed.`, zh: `您在一分钟内已上传 ${limit} 个文件，已达上限。` },
        { en: `Wait ${seconds} s and try again.`, zh: `请等待 ${seconds} 秒后重试。` },
      );
    }
    return await work();
  } finally {
    reading.delete(user.id);
  }
}

function tooManyUploads(message: Bilingual, action: Bilingual): AppError {
  metrics().rateLimited.inc({ limit: 'upload' });
  return new AppError({ code: 'rate_limited', message, action, retriable: true });
}
