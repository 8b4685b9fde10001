// Whether two responses carry "the same data": the judgement behind forged-token, wrong-credential and
// method-bypass probes. Status codes alone never decide; bodies are compared by JSON structure and values.
import type { RecordedResponse } from "../../core/types.js";
import { parseJsonBody, walkJson } from "../../patterns/text.js";

const MAX_LEAVES = 5000;

function is2xx(res: RecordedResponse): boolean {
  return res.status >= 200 && res.status < 300;
}

/** Leaf paths with array indices collapsed (`items.*.id`), and `path=value` pairs. */
function fingerprint(res: RecordedResponse): { paths: Set<string>; pairs: Set<string> } | null {
  const parsed = parseJsonBody(res);
  if (!parsed) return null;
  const paths = new Set<string>();
  const pairs = new Set<string>();
  for (const leaf of walkJson(parsed.value, MAX_LEAVES, 32)) {
    const path = leaf.path.replace(/(^|\.)\d+(?=\.|$)/g, "$1*");
    paths.add(path);
    pairs.add(`${leaf.path}=${String(leaf.value)}`);
  }
  return { paths, pairs };
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}

function words(text: string): Set<string> {
  return new Set(text.slice(0, 65536).split(/[^A-Za-z0-9@._-]+/).filter(Boolean));
}

/**
 * Both 2xx and the body of `candidate` matches `reference`: identical, or JSON with the same shape
 * (≥ 80 % of leaf paths) and mostly the same values (≥ 50 % of path=value pairs); text by word overlap.
 */
export function sameData(candidate: RecordedResponse, reference: RecordedResponse): boolean {
  if (!is2xx(candidate) || !is2xx(reference)) return false;
  const a = candidate.body.trim();
  const b = reference.body.trim();
  if (a.length === 0 || b.length === 0) return false;
  if (a === b) return true;
  const fa = fingerprint(candidate);
  const fb = fingerprint(reference);
  if (fa && fb) return jaccard(fa.paths, fb.paths) >= 0.8 && jaccard(fa.pairs, fb.pairs) >= 0.5;
  if (fa || fb) return false;
  return jaccard(words(a), words(b)) >= 0.8;
}

/** The credential was refused: not a 2xx, or a 2xx whose body is not the authorised data. */
export function refused(res: RecordedResponse | null | undefined, authorised: RecordedResponse): boolean {
  return !res || !sameData(res, authorised);
}
