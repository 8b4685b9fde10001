// Finds the line of a JSON pointer in the text of an OpenAPI document (YAML or JSON), so SARIF results and
// CI annotations can point at the operation in the spec file. Pure: the caller reads the file.
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from "yaml";
import type { Node } from "yaml";

function unescapePointerSegment(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** Splits `/paths/~1users~1{id}/get` into `["paths", "/users/{id}", "get"]`; '' is the whole document. */
export function parsePointer(pointer: string): string[] | null {
  if (pointer === "" || pointer === "#") return [];
  const raw = pointer.startsWith("#") ? pointer.slice(1) : pointer;
  if (!raw.startsWith("/")) return null;
  return raw
    .slice(1)
    .split("/")
    .map((s) => {
      try {
        return unescapePointerSegment(decodeURIComponent(s));
      } catch {
        return unescapePointerSegment(s);
      }
    });
}

/**
 * 1-based line of the key that the pointer names (the `get:` of an operation), or of the sequence item;
 * null when the text does not parse or the pointer does not resolve.
 */
export function pointerLine(text: string, pointer: string): number | null {
  const segments = parsePointer(pointer);
  if (!segments) return null;
  const lineCounter = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, { lineCounter, strict: false, uniqueKeys: false, prettyErrors: false });
  } catch {
    return null;
  }
  let node: unknown = doc.contents;
  let offset: number | null = (doc.contents as Node | null)?.range?.[0] ?? null;
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) return null;
      offset = (pair.key as Node).range?.[0] ?? null;
      node = pair.value;
    } else if (isSeq(node)) {
      const index = /^\d+$/.test(segment) ? Number(segment) : -1;
      const item = node.items[index];
      if (item === undefined) return null;
      offset = (item as Node).range?.[0] ?? null;
      node = item;
    } else {
      return null;
    }
  }
  return offset === null ? null : lineCounter.linePos(offset).line;
}
