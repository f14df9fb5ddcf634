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
 * arrives) and handed to a worker thread (upload-worker.ts), which parses the form and the file
 * with the streaming readers of upload-reader.ts and answers the entries. The server's event loop
 * only moves bytes in and a few thousand entries out, so a file built to be slow to read holds no
 * other request. The worker has a heap of its own, capped by `resourceLimits`, and is stopped when
 * it fails or takes too long; each of these is a 400 that says so, never a 5xx.
 *
 * A worker that answered is kept for the next upload, and stopped after IDLE_MS without one: a
 * new worker costs its isolate and its readers (exceljs, about 40 MB on Node 24, much of which
 * the process keeps after the worker ends), so a worker a file would leave the server larger
 * after every upload. At most PARSES_AT_ONCE files are read at once (the others wait their turn).
 *
 * Each user may upload ORDER_DESK_UPLOADS_PER_MINUTE files a minute, one at a time.
 */

const PARSES_AT_ONCE = 2;
const WORKER_TIMEOUT_MS = 30_000;
const IDLE_MS = 60_000;
/** The worker's own heap: a bill export of 10,000 rows × 25 columns of distinct text needs 48-64 MB. */
const WORKER_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 };

export type WorkerStart = (options: { resourceLimits: ResourceLimits }) => Worker;

export interface WorkerOptions {
  timeoutMs?: number;
  /** The workers the file is read in (the server's own by default); the unit tests start theirs from the TypeScript sources. */
  pool?: WorkerPool;
}

/**
 * Next bundles upload-worker.ts into a script of its own, found by following this very form,
 * `new Worker(new URL(…, import.meta.url))`, and makes the URL point at that script.
 */
const startWorker: WorkerStart = ({ resourceLimits }) => new Worker(new URL('./upload-worker.ts', import.meta.url), { resourceLimits });

/** Idle upload workers, each stopped after `idleMs` without a file; a worker that failed is never kept. */
export class WorkerPool {
  private readonly idle = new Map<Worker, NodeJS.Timeout>();

  constructor(
    private readonly start: WorkerStart = startWorker,
    private readonly resourceLimits: ResourceLimits = WORKER_LIMITS,
    private readonly idleMs = IDLE_MS,
  ) {}

  /** An idle worker, or a new one (which may throw). */
  take(): Worker {
    for (const [worker, timer] of this.idle) {
      clearTimeout(timer);
      this.idle.delete(worker);
      worker.ref();
      return worker;
    }
    return this.start({ resourceLimits: this.resourceLimits });
  }

  /** A worker that answered, kept until it is taken again or has been idle for `idleMs`. */
  keep(worker: Worker): void {
    worker.unref();
    const timer = setTimeout(() => {
      this.idle.delete(worker);
      void worker.terminate();
    }, this.idleMs);
    timer.unref();
    this.idle.set(worker, timer);
  }

  /** Stops every idle worker (tests). */
  async close(): Promise<void> {
    const workers = [...this.idle.keys()];
    for (const timer of this.idle.values()) clearTimeout(timer);
    this.idle.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

const parsing = pLimit(PARSES_AT_ONCE);
let uploadWorkers: WorkerPool | undefined;

/** Reads a multipart upload's form and file in a worker; a refusal is thrown as the AppError it is. */
export async function readUploadRequest(request: Request, maxEntries: number): Promise<UploadedForm> {
  const read = await readBytes(request, MAX_UPLOAD_BYTES + 64 * 1024, uploadTooLarge);
  // The body's ArrayBuffer is moved to the worker, not copied. A small body sits in Node's shared
  // buffer pool, which cannot be moved, so it is copied out first (`new Uint8Array` copies; a
  // Buffer's `slice` would not); a large one (its own ArrayBuffer) is moved as it is.
  const body = (read.byteLength === read.buffer.byteLength ? read : new Uint8Array(read)) as Uint8Array<ArrayBuffer>;
  const job: UploadJob = { body, contentType: request.headers.get('content-type') ?? '', limits: { maxEntries, maxCells: MAX_CELLS } };
  return parsing(() => readInWorker(job));
}

const unreadable = (reason: Bilingual) =>
  new AppError({
    code: 'invalid_request',
    message: reason,
    action: { en: 'Upload only the id column, as CSV or in a new workbook, or paste the ids.', zh: '请只上传订单号这一列（CSV 或新建的工作簿），或直接粘贴订单号。' },
  });

/**
 * The worker's answer: the form as read, or the refusal it made. Anything else it does is a 400
 * too. `job.body`'s buffer is moved to the worker (unusable here afterwards).
 */
export async function readInWorker(job: UploadJob, options: WorkerOptions = {}): Promise<UploadedForm> {
  const timeoutMs = options.timeoutMs ?? WORKER_TIMEOUT_MS;
  const pool = options.pool ?? (uploadWorkers ??= new WorkerPool());
  const cannotRead: Bilingual = { en: 'The file could not be read.', zh: '无法读取该文件。' };
  const failed = (reason: Bilingual, error: unknown) => {
    log.warn({ err: error }, `upload not read: ${reason.en}`);
    return unreadable(reason);
  };
  let worker: Worker;
  try {
    worker = pool.take();
  } catch (error) {
    throw failed(cannotRead, error);
  }
  let timer: NodeJS.Timeout | undefined;
  let answered = false;
  let onMessage: (message: UploadAnswer) => void = () => {};
  let onError: (error: Error & { code?: string }) => void = () => {};
  let onExit: (code: number) => void = () => {};
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
      onMessage = (message) =>
        settle(() => {
          answered = true;
          resolve(message);
        });
      onError = (error) =>
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? fail({ en: 'The file needs more memory to read than a list of order ids does.', zh: '读取该文件所需的内存远超一份订单号名单。' }, error)
          : fail(cannotRead, error);
      onExit = (code) => fail(cannotRead, new Error(`upload worker exited with ${code}`));
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      try {
        worker.postMessage(job, [job.body.buffer]);
      } catch (error) {
        fail(cannotRead, error);
      }
    });
    if (!answer.ok) throw new AppError({ code: 'invalid_request', message: answer.error.message, action: answer.error.action });
    return answer.form;
  } finally {
    clearTimeout(timer);
    worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    if (answered) pool.keep(worker);
    else void worker.terminate();
  }
}

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
