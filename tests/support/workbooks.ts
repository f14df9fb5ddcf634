import { crc32, deflateRawSync } from 'node:zlib';

/**
 * Workbooks written by hand, as some tools and attackers write them: a zip of the parts named,
 * in the order given, stored or deflated. For tests of what an upload reader does with files no
 * spreadsheet program would save.
 */

/** A zip archive of `files`, in that order, stored or deflated (at the highest level). */
export function zipOf(files: Array<[name: string, content: Buffer | string]>, options: { deflate?: boolean } = {}): Uint8Array {
  const method = options.deflate ? 8 : 0;
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const [name, body] of files) {
    const content = typeof body === 'string' ? Buffer.from(body) : body;
    const data = options.deflate ? deflateRawSync(content, { level: 9 }) : content;
    const fileName = Buffer.from(name);
    const crc = crc32(content);
    // The local header and the central directory entry share these fields, two bytes apart.
    const header = (signature: number, size: number, fieldsAt: number) => {
      const buffer = Buffer.alloc(size);
      buffer.writeUInt32LE(signature, 0);
      for (let at = 4; at < fieldsAt; at += 2) buffer.writeUInt16LE(20, at); // versions (flags are overwritten below)
      buffer.writeUInt16LE(0, fieldsAt - 2);
      buffer.writeUInt16LE(method, fieldsAt);
      buffer.writeUInt32LE(crc, fieldsAt + 6);
      buffer.writeUInt32LE(data.length, fieldsAt + 10);
      buffer.writeUInt32LE(content.length, fieldsAt + 14);
      buffer.writeUInt16LE(fileName.length, fieldsAt + 18);
      return buffer;
    };
    const local = header(0x04034b50, 30, 8);
    const central = header(0x02014b50, 46, 10);
    central.writeUInt32LE(offset, 42);
    parts.push(local, fileName, data);
    directory.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const centralDirectory = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, centralDirectory, end]));
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface RawSheet {
  name: string;
  state?: 'visible' | 'hidden' | 'veryHidden';
  /** The inside of `<sheetData>`: `<row r="1"><c r="A1" t="inlineStr"><is><t>…</t></is></c></row>`. */
  rows: string | Buffer;
}

/** One row of inline-string cells, from column A. */
export function textRow(number: number, ...texts: string[]): string {
  const cells = texts.map((text, i) => `<c r="${columnName(i + 1)}${number}" t="inlineStr"><is><t>${text}</t></is></c>`);
  return `<row r="${number}">${cells.join('')}</row>`;
}

/** A column's letters: 1 → A, 27 → AA, 16384 → XFD. */
export function columnName(column: number): string {
  let name = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * A workbook of `sheets` (worksheets sheet1.xml, sheet2.xml …) opening on `activeTab`. The parts
 * are in the order Excel saves them (workbook, sheets, then shared strings), or with
 * `sheetsLast` the sheets after everything else.
 */
export function rawWorkbook(sheets: RawSheet[], options: { activeTab?: number; sharedStrings?: string[]; sheetsLast?: boolean } = {}): Uint8Array {
  const sheetParts = sheets.map((sheet, i): [string, Buffer] => [
    `xl/worksheets/sheet${i + 1}.xml`,
    Buffer.concat([Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${MAIN}"><sheetData>`), Buffer.from(sheet.rows), Buffer.from('</sheetData></worksheet>')]),
  ]);
  const strings = options.sharedStrings;
  const head: Array<[string, string]> = [
    [
      '[Content_Types].xml',
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}</Types>`,
    ],
    ['_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    [
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><bookViews><workbookView activeTab="${options.activeTab ?? 0}"/></bookViews><sheets>${sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}${strings ? `<Relationship Id="rIdS" Type="${RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`,
    ],
  ];
  const tail: Array<[string, string]> = strings
    ? [['xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((t) => `<si><t>${t}</t></si>`).join('')}</sst>`]]
    : [];
  return zipOf(options.sheetsLast ? [...head, ...tail, ...sheetParts] : [...head, ...sheetParts, ...tail], { deflate: true });
}
