// A small strict XML 1.0 well-formedness parser for tests: it throws on anything a conforming parser
// rejects that a renderer could produce (bad entities, stray `<`, mismatched tags, invalid characters,
// duplicate attributes) and returns the element tree with decoded text and attributes.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

// eslint-disable-next-line no-control-regex
const INVALID_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NAME = /^[A-Za-z_:][A-Za-z0-9_:.-]*/;

function validCodePoint(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

function decode(raw: string, where: string): string {
  if (raw.includes("<")) throw new Error(`raw '<' in ${where}`);
  return raw.replace(/&([^;]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(";")) throw new Error(`unterminated entity in ${where}: ${whole.slice(0, 12)}`);
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    if (ref in named) return named[ref]!;
    const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ref);
    if (!m) throw new Error(`unknown entity &${ref}; in ${where}`);
    const cp = m[1] ? parseInt(m[1], 16) : Number(m[2]);
    if (!validCodePoint(cp)) throw new Error(`invalid character reference &${ref}; in ${where}`);
    return String.fromCodePoint(cp);
  });
}

export function parseXml(xml: string): XmlElement {
  if (INVALID_CHAR.test(xml)) throw new Error("invalid XML character in document");
  let i = 0;
  const skipProlog = () => {
    for (;;) {
      while (/\s/.test(xml[i] ?? "")) i++;
      if (xml.startsWith("<?", i)) i = xml.indexOf("?>", i) + 2;
      else if (xml.startsWith("<!--", i)) i = xml.indexOf("-->", i) + 3;
      else return;
      if (i < 2) throw new Error("unterminated prolog");
    }
  };
  const parseElement = (): XmlElement => {
    if (xml[i] !== "<") throw new Error(`expected '<' at ${i}`);
    i++;
    const name = NAME.exec(xml.slice(i))?.[0];
    if (!name) throw new Error(`bad element name at ${i}`);
    i += name.length;
    const el: XmlElement = { name, attrs: {}, children: [], text: "" };
    for (;;) {
      const ws = /^\s*/.exec(xml.slice(i))![0].length;
      i += ws;
      if (xml.startsWith("/>", i)) {
        i += 2;
        return el;
      }
      if (xml[i] === ">") {
        i++;
        break;
      }
      if (ws === 0) throw new Error(`missing space before attribute in <${name}> at ${i}`);
      const attr = /^([A-Za-z_:][A-Za-z0-9_:.-]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(xml.slice(i));
      if (!attr) throw new Error(`bad attribute in <${name}> at ${i}: ${xml.slice(i, i + 30)}`);
      if (attr[1]! in el.attrs) throw new Error(`duplicate attribute ${attr[1]} in <${name}>`);
      el.attrs[attr[1]!] = decode(attr[3] ?? attr[4] ?? "", `attribute ${attr[1]}`);
      i += attr[0].length;
    }
    for (;;) {
      const next = xml.indexOf("<", i);
      if (next < 0) throw new Error(`unclosed <${name}>`);
      const raw = xml.slice(i, next);
      if (raw.includes("]]>")) throw new Error("']]>' in text");
      el.text += decode(raw, `<${name}> text`);
      i = next;
      if (xml.startsWith("</", i)) {
        const close = /^<\/([^\s>]+)\s*>/.exec(xml.slice(i));
        if (!close || close[1] !== name) throw new Error(`mismatched </${close?.[1]}> for <${name}>`);
        i += close[0].length;
        return el;
      }
      if (xml.startsWith("<!--", i)) {
        const end = xml.indexOf("-->", i);
        if (end < 0 || xml.slice(i + 4, end).includes("--")) throw new Error("bad comment");
        i = end + 3;
      } else if (xml.startsWith("<![CDATA[", i)) {
        const end = xml.indexOf("]]>", i);
        if (end < 0) throw new Error("unterminated CDATA");
        el.text += xml.slice(i + 9, end);
        i = end + 3;
      } else {
        el.children.push(parseElement());
      }
    }
  };
  skipProlog();
  const root = parseElement();
  skipProlog();
  if (i !== xml.length) throw new Error(`content after the root element at ${i}`);
  return root;
}
