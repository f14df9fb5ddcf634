import { AppError, type Bilingual } from '@/lib/errors';
import { DEFAULT_MAX_IDS } from './prepare';
import type { InputEntry } from './types';

/**
 * What an upload may be and what reading it answers, apart from the readers (upload-reader.ts,
 * which load csv-parse, exceljs and JSZip): the request's thread needs only these.
 */

/** The largest file `readUpload` reads; the upload route refuses a larger body with the same words. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** Cells (of the sheet read, or of the CSV) read at most; shared strings count the same. */
export const MAX_CELLS = 1_000_000;

export interface UploadLimits {
  /** Entries (non-empty id cells) read at most: twice `ORDER_DESK_BATCH_MAX_IDS`, as `checkEntryCount`. */
  maxEntries: number;
  maxCells: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { maxEntries: DEFAULT_MAX_IDS * 2, maxCells: MAX_CELLS };

/** What to do instead, when a file cannot be read. */
export const CSV_OR_XLSX: Bilingual = {
  en: 'Upload a CSV file or an Excel workbook (.xlsx), or paste the ids.',
  zh: '请上传 CSV 文件或 Excel 工作簿（.xlsx），或直接粘贴订单号。',
};

export function uploadTooLarge(): AppError {
  return new AppError({
    code: 'invalid_request',
    message: { en: 'The file is larger than 5 MiB.', zh: '文件超过 5 MiB。' },
    action: { en: 'Upload only the id column, or split the list into several batches.', zh: '请只上传订单号这一列，或将名单拆成几批。' },
  });
}

export interface UploadRead {
  entries: InputEntry[];
  /** The sheet read, for a workbook. */
  sheet?: string;
}

export interface UploadJob {
  /** The multipart body as it arrived. */
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  limits: UploadLimits;
}

/** The form as read: the file's name and entries, and the other fields as sent (checked by the route). */
export interface UploadedForm extends UploadRead {
  fileName: string;
  kind: string | null;
  shop: string | null;
}

export type UploadAnswer = { ok: true; form: UploadedForm } | { ok: false; error: { message: Bilingual; action: Bilingual } };

