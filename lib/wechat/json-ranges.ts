/**
 * Where each top-level member of a JSON object sits in the bytes it was received as, and where
 * each element of a member that is an array sits: so one element of a list answer (an order in
 * `query_list`'s `orderList`) can be kept byte for byte, as WeChat sent it (lib/history).
 *
 * A strict scanner (RFC 8259: strings and their escapes, numbers, literals, nesting, the four
 * whitespace bytes; a leading UTF-8 BOM skipped, as the answer's decoder does). It works on bytes:
 * every byte JSON gives meaning to is ASCII and no byte of a multi-byte UTF-8 character is, so the
 * ranges are exact whatever the text holds. Nesting is followed with a stack, not recursion, and
 * nothing here throws: anything but one well-formed object, or a member name given twice, is null.
 */

/** Bytes `start` (included) to `end` (excluded). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface TopLevelMember {
  /** The value's bytes. */
  range: ByteRange;
  /** Set when the value is an array: each element's bytes, in order. */
  elements?: ByteRange[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
const isHex = (b: number) => isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
const SIMPLE_ESCAPES = new Set([QUOTE, BACKSLASH, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);
const LITERALS = [[0x74, 0x72, 0x75, 0x65], [0x66, 0x61, 0x6c, 0x73, 0x65], [0x6e, 0x75, 0x6c, 0x6c]];

/** Thrown inside the scanner only, and caught at its edge. */
class Malformed extends Error {}

/** The object's top-level members by name (escapes in names read), or null (see above). */
export function topLevelMembers(bytes: Uint8Array): Map<string, TopLevelMember> | null {
  try {
    return new Scanner(bytes).document();
  } catch {
    return null;
  }
}

/** The byte range of each element of the top-level member `name` (an array); null when the bytes are not one object with that member as an array. */
export function elementRanges(bytes: Uint8Array, name: string): ByteRange[] | null {
  return topLevelMembers(bytes)?.get(name)?.elements ?? null;
}

/** The bytes of the top-level member `name`'s value, or null. */
export function memberBytes(bytes: Uint8Array, name: string): Uint8Array | null {
  const member = topLevelMembers(bytes)?.get(name);
  return member ? bytes.subarray(member.range.start, member.range.end) : null;
}

class Scanner {
  private at = 0;

  constructor(private readonly bytes: Uint8Array) {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) this.at = 3;
  }

  document(): Map<string, TopLevelMember> {
    this.space();
    if (this.bytes[this.at] !== OPEN_OBJECT) throw new Malformed();
    this.at += 1;
    const members = new Map<string, TopLevelMember>();
    this.space();
    if (this.bytes[this.at] === CLOSE_OBJECT) {
      this.at += 1;
    } else {
      for (;;) {
        this.space();
        const name = this.name();
        this.space();
        this.expect(COLON);
        this.space();
        if (members.has(name)) throw new Malformed();
        const start = this.at;
        const elements = this.bytes[start] === OPEN_ARRAY ? this.arrayElements() : (this.value(), undefined);
        members.set(name, { range: { start, end: this.at }, ...(elements ? { elements } : {}) });
        this.space();
        if (this.bytes[this.at] === COMMA) {
          this.at += 1;
          continue;
        }
        this.expect(CLOSE_OBJECT);
        break;
      }
    }
    this.space();
    if (this.at !== this.bytes.length) throw new Malformed();
    return members;
  }

  /** A top-level array: each element's range, each element scanned whole. */
  private arrayElements(): ByteRange[] {
    this.expect(OPEN_ARRAY);
    const elements: ByteRange[] = [];
    this.space();
    if (this.bytes[this.at] === CLOSE_ARRAY) {
      this.at += 1;
      return elements;
    }
    for (;;) {
      this.space();
      const start = this.at;
      this.value();
      elements.push({ start, end: this.at });
      this.space();
      if (this.bytes[this.at] === COMMA) {
        this.at += 1;
        continue;
      }
      this.expect(CLOSE_ARRAY);
      return elements;
    }
  }

  /** One value of any depth: containers followed on a stack of what closes them. */
  private value(): void {
    const closers: number[] = [];
    for (;;) {
      this.space();
      const b = this.bytes[this.at];
      if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
        this.at += 1;
        this.space();
        const close = b === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY;
        if (this.bytes[this.at] === close) {
          this.at += 1;
        } else {
          closers.push(close);
          if (close === CLOSE_OBJECT) this.memberHead();
          continue;
        }
      } else if (b === QUOTE) {
        this.string();
      } else if (b === MINUS || isDigit(b ?? -1)) {
        this.number();
      } else {
        this.literal();
      }
      // After a value: the next one in its container, or the container's end (perhaps several).
      for (;;) {
        if (closers.length === 0) return;
        this.space();
        const next = this.bytes[this.at];
        const close = closers[closers.length - 1]!;
        if (next === COMMA) {
          this.at += 1;
          if (close === CLOSE_OBJECT) {
            this.space();
            this.memberHead();
          }
          break;
        }
        this.expect(close);
        closers.pop();
      }
    }
  }

  /** `"name" :` inside a nested object. */
  private memberHead(): void {
    if (this.bytes[this.at] !== QUOTE) throw new Malformed();
    this.string();
    this.space();
    this.expect(COLON);
  }

  /** A top-level member's name, its escapes read as JSON reads them. */
  private name(): string {
    const start = this.at;
    if (this.bytes[start] !== QUOTE) throw new Malformed();
    this.string();
    const text = new TextDecoder().decode(this.bytes.subarray(start, this.at));
    return JSON.parse(text) as string;
  }

  private string(): void {
    this.expect(QUOTE);
    const { bytes } = this;
    for (;;) {
      const b = bytes[this.at];
      if (b === undefined || b < 0x20) throw new Malformed();
      this.at += 1;
      if (b === QUOTE) return;
      if (b !== BACKSLASH) continue;
      const e = bytes[this.at];
      if (e === undefined) throw new Malformed();
      this.at += 1;
      if (SIMPLE_ESCAPES.has(e)) continue;
      if (e !== 0x75) throw new Malformed();
      for (let i = 0; i < 4; i += 1) {
        if (!isHex(bytes[this.at] ?? -1)) throw new Malformed();
        this.at += 1;
      }
    }
  }

  private number(): void {
    const { bytes } = this;
    if (bytes[this.at] === MINUS) this.at += 1;
    if (bytes[this.at] === ZERO) this.at += 1;
    else this.digits();
    if (bytes[this.at] === DOT) {
      this.at += 1;
      this.digits();
    }
    if (bytes[this.at] === 0x65 || bytes[this.at] === 0x45) {
      this.at += 1;
      if (bytes[this.at] === PLUS || bytes[this.at] === MINUS) this.at += 1;
      this.digits();
    }
  }

  private digits(): void {
    if (!isDigit(this.bytes[this.at] ?? -1)) throw new Malformed();
    while (isDigit(this.bytes[this.at] ?? -1)) this.at += 1;
  }

  private literal(): void {
    const literal = LITERALS.find((l) => l[0] === this.bytes[this.at]);
    if (!literal) throw new Malformed();
    for (const b of literal) this.expect(b);
  }

  private expect(b: number): void {
    if (this.bytes[this.at] !== b) throw new Malformed();
    this.at += 1;
  }

  private space(): void {
    while (isSpace(this.bytes[this.at] ?? -1)) this.at += 1;
  }
}
