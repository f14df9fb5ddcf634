import 'server-only';
import { couldBeAnId, isKnownHeading } from './columns';
import type { InputEntry } from './types';

export { DEFAULT_MAX_IDS, prepareBatch, type PrepareOptions } from './prepare';
export { MAX_UPLOAD_BYTES, uploadTooLarge } from './upload-limits';

/**
 * What finance pastes or uploads, read into entries (`readPaste`; an upload: `readUpload` of
 * upload-reader.ts, which the server runs in a worker thread, upload.ts), then checked by
 * `prepareBatch` (prepare.ts, re-exported here). Nothing here calls WeChat or the database.
 */

// ---------------------------------------------------------------------------------------------
// Reading a paste

/** Separators between pasted ids: line breaks, commas, tabs (Excel), spaces, semicolons. */
const PASTE_SEPARATORS = /[,\t ;，；、\u3000]+/;

/**
 * Ids one per line or separated by commas, tabs or spaces, as copied from Excel. A first line
 * copied along with the column as its heading is left out: one without a digit that names a
 * known heading or holds something no id could be. A first line of ids is kept, digits or none
 * (a shop trade number may be letters only).
 */
export function readPaste(text: string): InputEntry[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const entries = lines.flatMap((line, i) =>
    line
      .split(PASTE_SEPARATORS)
      .map((raw) => raw.trim())
      .filter((raw) => raw !== '')
      .map((raw) => ({ raw, row: i + 1 })),
  );
  const first = entries[0];
  if (!first || !entries.some((e) => e.row !== first.row)) return entries;
  const firstLine = entries.filter((e) => e.row === first.row).map((e) => e.raw);
  const cells = lines[first.row - 1]!.split(/[,\t;，；、]+/);
  const heading =
    !firstLine.some((raw) => /\d/.test(raw)) &&
    (cells.some((cell) => isKnownHeading(cell)) || firstLine.some((raw) => !couldBeAnId(raw)));
  return heading ? entries.filter((e) => e.row !== first.row) : entries;
}
