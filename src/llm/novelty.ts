// Echo-aware matching: a marker in a reply counts only where the reply is not repeating the request.
// Many wrappers (and some models) quote the user's message; a canary inside such a quote proves nothing.

const CONTEXT = 24;
/** Shared context longer than this around a canary means the occurrence is a copy of the prompt. */
const ECHO_MIN = 6;

export function normalize(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ");
}

function indexesOf(hay: string, needle: string, max = 50): number[] {
  const out: number[] = [];
  if (!needle) return out;
  let i = hay.indexOf(needle);
  while (i !== -1 && out.length < max) {
    out.push(i);
    i = hay.indexOf(needle, i + needle.length);
  }
  return out;
}

function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** Occurrences of `token` in the reply, and how many sit outside any echo of the text sent. */
export function tokenOccurrences(reply: string, token: string, sent: string): { total: number; novel: number } {
  const r = normalize(reply);
  const s = normalize(sent);
  const t = token.toLowerCase();
  const contexts = indexesOf(s, t).map((i) => ({ pre: s.slice(Math.max(0, i - CONTEXT), i), post: s.slice(i + t.length, i + t.length + CONTEXT) }));
  let novel = 0;
  const hits = indexesOf(r, t);
  for (const i of hits) {
    const pre = r.slice(Math.max(0, i - CONTEXT), i);
    const post = r.slice(i + t.length, i + t.length + CONTEXT);
    const echoed = contexts.some((c) => commonSuffix(pre, c.pre) >= ECHO_MIN || commonPrefix(post, c.post) >= ECHO_MIN);
    if (!echoed) novel++;
  }
  return { total: hits.length, novel };
}

/**
 * Whether the reply text at [index, index+length) is new, not copied from the request: the match and a
 * short tail after it must not occur in the text sent. (A long tail would let an echo followed by the
 * wrapper's own words pass as new.)
 */
export function isNovelSpan(reply: string, index: number, length: number, sent: string, tail = 12): boolean {
  const span = normalize(reply.slice(index, index + length + tail)).trim();
  return span !== "" && !normalize(sent).includes(span);
}
