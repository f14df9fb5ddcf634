import type { Bilingual } from '@/lib/errors';
import type { InputEntry } from './types';

/**
 * Ids Excel has turned into numbers. Excel keeps 15 significant digits, so a 28-digit id typed
 * into a General column comes back as `4.2E+27` (or `4.20000123420240E+27` with more
 * decimals), as `4200001234202400000000000000.0` after a round trip through some tools, or as a
 * number cell whose digits from the 16th on are gone; a zero-padded trade number loses its
 * zeros. None of these can be repaired, so they are refused with how to keep the column as text.
 */

const FIX: Bilingual = {
  en: 'Format the id column as Text in Excel (select the column, Format Cells → Text) before pasting or typing the ids, or import the file with that column’s type set to Text; then upload again.',
  zh: '请在 Excel 中先将订单号列设为“文本”格式（选中该列 → 设置单元格格式 → 文本），再粘贴或输入订单号；或导入文件时把该列的类型设为“文本”，然后重新上传。',
};

const withFix = (what: Bilingual): Bilingual => ({ en: `${what.en} ${FIX.en}`, zh: `${what.zh}${FIX.zh}` });

/** Excel's General format: one digit, optional decimals, `E`, a signed exponent. */
const SCIENTIFIC = /^[+-]?\d(?:\.\d+)?E[+-]\d{1,3}$/i;
/** A whole number written with a decimal part of zeros: `4200001234202401011234567890.0`. */
const TRAILING_ZEROS = /^\d+\.0+$/;
const DIGITS = /^\d+$/;
/** Excel's precision: digits of a number cell beyond this are not what was typed. */
const EXCEL_DIGITS = 15;

/**
 * The width of the column's zero-padded ids: when every text id made only of digits and starting
 * with `0` has the same length W, the column is zero-padded to W, and a shorter all-digit id
 * that Excel may have stored as a number has lost its zeros. Null when there is no such width.
 */
export function zeroPaddedWidth(entries: readonly InputEntry[]): number | null {
  const widths = new Set<number>();
  for (const e of entries) {
    if (e.cellType === 'number') continue;
    if (e.raw.length > 1 && e.raw.startsWith('0') && DIGITS.test(e.raw)) widths.add(e.raw.length);
  }
  return widths.size === 1 ? [...widths][0]! : null;
}

/**
 * Why this entry is an id Excel has mangled, or null when it is not one. `padWidth` comes from
 * `zeroPaddedWidth` over the same column. The lost-zeros rule applies to number cells, and to
 * pasted and CSV text (which cannot say whether a cell was a number); never to an XLSX text cell,
 * which holds what was typed.
 */
export function excelMangling(entry: InputEntry, padWidth: number | null): Bilingual | null {
  const raw = entry.raw;
  if (entry.cellType === 'date') {
    return withFix({ en: `This cell is a date (${raw}), not an order id: Excel read the id as a date.`, zh: `此单元格是日期（${raw}），不是订单号：Excel 把订单号识别成了日期。` });
  }
  if (entry.cellType === 'other') {
    return { en: `This cell (${raw}) is not text or a number, so it is not an order id.`, zh: `此单元格（${raw}）既不是文本也不是数字，不是订单号。` };
  }
  if (SCIENTIFIC.test(raw)) {
    return withFix({
      en: `Excel has turned this id into a number in scientific notation (${raw}); the digits it dropped cannot be recovered.`,
      zh: `Excel 已把此订单号转成科学计数法的数字（${raw}），丢失的数字无法恢复。`,
    });
  }
  if (TRAILING_ZEROS.test(raw)) {
    return withFix({
      en: `This id was stored as a number (it ends in “${raw.slice(raw.indexOf('.'))}”); Excel keeps only ${EXCEL_DIGITS} significant digits, so the digits after them may be wrong.`,
      zh: `此订单号曾被存为数字（末尾为“${raw.slice(raw.indexOf('.'))}”）；Excel 只保留 ${EXCEL_DIGITS} 位有效数字，其后的数字可能已出错。`,
    });
  }
  if (entry.cellType === 'number' && raw.length > EXCEL_DIGITS) {
    return withFix({
      en: `This cell holds the id as a number (${raw}); Excel keeps only ${EXCEL_DIGITS} significant digits, so the digits after them are not the ones typed.`,
      zh: `此单元格以数字形式保存订单号（${raw}）；Excel 只保留 ${EXCEL_DIGITS} 位有效数字，其后的数字已不是原来输入的。`,
    });
  }
  if (padWidth !== null && entry.cellType !== 'text' && DIGITS.test(raw) && raw.length < padWidth) {
    const padded = raw.padStart(padWidth, '0');
    return withFix({
      en: `Other ids in this column are ${padWidth} digits with leading zeros; this one was probably ${padded} and lost its zeros when Excel stored it as a number.`,
      zh: `此列其他订单号均为带前导 0 的 ${padWidth} 位数字；此订单号原本可能是 ${padded}，被 Excel 存为数字时丢失了前导 0。`,
    });
  }
  return null;
}
