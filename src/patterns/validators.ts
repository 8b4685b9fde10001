// Validity rules that turn regex candidates into findings: Luhn, card IIN ranges, SSN structure, entropy.

export function luhn(digits: string): boolean {
  if (!/^\d{8,19}$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export interface CardBrand {
  id: string;
  name: string;
  /** Inclusive IIN prefix ranges, compared on the first `digits` digits. */
  ranges: readonly (readonly [number, number, number])[];
  lengths: readonly number[];
}

/** IIN ranges (ISO/IEC 7812 as published by the networks). Tuples: [from, to, prefix digits]. */
export const CARD_BRANDS: readonly CardBrand[] = [
  { id: "amex", name: "American Express", ranges: [[34, 34, 2], [37, 37, 2]], lengths: [15] },
  { id: "visa", name: "Visa", ranges: [[4, 4, 1]], lengths: [13, 16, 19] },
  { id: "mastercard", name: "Mastercard", ranges: [[51, 55, 2], [2221, 2720, 4]], lengths: [16] },
  { id: "discover", name: "Discover", ranges: [[6011, 6011, 4], [644, 649, 3], [65, 65, 2], [622126, 622925, 6]], lengths: [16, 17, 18, 19] },
  { id: "jcb", name: "JCB", ranges: [[3528, 3589, 4]], lengths: [16, 17, 18, 19] },
  { id: "diners", name: "Diners Club", ranges: [[300, 305, 3], [3095, 3095, 4], [36, 36, 2], [38, 39, 2]], lengths: [14, 15, 16, 17, 18, 19] },
  { id: "unionpay", name: "UnionPay", ranges: [[62, 62, 2]], lengths: [16, 17, 18, 19] },
];

/** The brand whose IIN range and length fit, or null. Discover's 622126-622925 wins over UnionPay's 62. */
export function cardBrand(digits: string): CardBrand | null {
  for (const brand of CARD_BRANDS) {
    if (!brand.lengths.includes(digits.length)) continue;
    for (const [from, to, n] of brand.ranges) {
      const prefix = Number(digits.slice(0, n));
      if (prefix >= from && prefix <= to) return brand;
    }
  }
  return null;
}

/** Network test numbers: real apps should not serve them either, but the evidence says so. */
export const TEST_CARD_NUMBERS: ReadonlySet<string> = new Set([
  "4111111111111111", "4242424242424242", "4012888888881881", "4000056655665556", "5555555555554444",
  "5105105105105100", "2223003122003222", "378282246310005", "371449635398431", "6011111111111117",
  "6011000990139424", "3530111333300000", "3566002020360505", "30569309025904", "38520000023237",
  "6200000000000005",
]);

/** A plausible issued SSN: area not 000/666/900-999, group not 00, serial not 0000, not a run of one digit. */
export function ssnValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = Number(digits.slice(0, 3));
  const group = Number(digits.slice(3, 5));
  const serial = Number(digits.slice(5));
  if (area === 0 || area === 666 || area >= 900) return false;
  if (group === 0 || serial === 0) return false;
  return !/^(\d)\1{8}$/.test(digits);
}

/** Numbers that are famous examples rather than issued SSNs (still reported: real apps leak them too). */
export const EXAMPLE_SSNS: ReadonlySet<string> = new Set(["123456789", "078051120", "219099999", "457555462"]);

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

const PLACEHOLDER = /^(?:\*+|x+|\.+|-+|#+|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|%[A-Z_]+%|null|none|undefined|redacted|\[redacted\]|hidden|masked|changeme|change_me|your[_-]?.*|example.*|dummy.*|test.*|sample.*|placeholder.*|xxx.*|todo)$/i;

/** Values that are obviously not real secrets: masks, templates, "changeme", "your_api_key_here". */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (PLACEHOLDER.test(v)) return true;
  if (/\*{3,}|x{6,}|(?:redact|mask)ed/i.test(v)) return true;
  return /^(.)\1+$/.test(v);
}

/** A value that looks machine-generated: long enough, mixed, and random enough to be a credential. */
export function looksRandom(value: string, minLength = 16, minEntropy = 3.2): boolean {
  if (value.length < minLength || value.length > 512) return false;
  if (/\s/.test(value) || isPlaceholder(value)) return false;
  if (!/\d/.test(value) && !/[A-Z]/.test(value)) return false;
  return shannonEntropy(value) >= minEntropy;
}
