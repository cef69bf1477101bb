// Streaming XML for hostile files (issue #3 "XML with external entities or DTDs (refused)"):
// Ed-Fi interchanges and the parts of an XLSX. Built on saxes, which never fetches anything
// and expands only XML's five predefined entities and character references; on top of that a
// document with a DOCTYPE is refused outright, so neither external entities (XXE) nor entity
// expansion ("billion laughs") can happen, and an unknown entity is a parse error.
//
// Memory is bounded: the caller names the elements it wants (an Ed-Fi record, an XLSX row) and
// each is built as a small tree, handed over, and dropped; nothing else is kept. An element
// larger than maxElementChars is refused rather than grown without bound.
import type { Readable } from 'node:stream';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { AppError } from '../../domain/shared/errors.ts';

export interface XmlNode {
  /** The local name, without a namespace prefix ('Staff', not 'ns0:Staff'). */
  name: string;
  attrs: Readonly<Record<string, string>>;
  /** The element's own text (not its children's), untrimmed. */
  text: string;
  children: XmlNode[];
  /** The line where the element starts. */
  line: number;
}

export interface XmlStreamOptions {
  /** How the file is named in errors. */
  fileName: string;
  /** Which elements to build and yield: called on every start tag with its local name and the
   * local names of its ancestors (root first). Elements inside a selected one are its
   * children, not separate results. */
  select: (name: string, ancestors: readonly string[]) => boolean;
  /** Called once with the document element's local name, before any element is yielded;
   * returning false stops reading there (a file of no use to the caller). */
  onRoot?: (name: string) => boolean;
  maxElementChars?: number;
}

export const MAX_ELEMENT_CHARS = 1_000_000;

const localName = (qname: string) => qname.slice(qname.indexOf(':') + 1);

/** Streams the selected elements of an XML document, in document order. */
export async function* streamXmlElements(
  source: Readable,
  options: XmlStreamOptions,
): AsyncGenerator<XmlNode> {
  const { fileName, select } = options;
  const limit = options.maxElementChars ?? MAX_ELEMENT_CHARS;
  const parser = new SaxesParser<{ xmlns: false; fileName: string }>({ xmlns: false, fileName });
  const ancestors: string[] = [];
  const open: XmlNode[] = []; // the selected element being built and its open descendants
  let size = 0;
  let ready: XmlNode[] = [];
  let stopped = false;
  const refuse = (reason: string, line = parser.line): never => {
    throw new AppError('bad_request', `${fileName}:${line}: ${reason}`, {
      problems: [{ field: `${fileName}:${line}`, message: reason }],
    });
  };
  const grow = (chars: number) => {
    size += chars;
    if (size > limit) refuse(`an element is larger than ${limit} characters`, open[0]?.line);
  };

  parser.on('doctype', () =>
    refuse('the document has a DOCTYPE; DTDs and entity declarations are refused'),
  );
  parser.on('xmldecl', (decl) => {
    const encoding = decl.encoding?.toLowerCase();
    if (encoding && encoding !== 'utf-8' && encoding !== 'utf8') {
      refuse(`the document is in ${decl.encoding}; only UTF-8 is read`);
    }
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = localName(tag.name);
    if (stopped) return;
    if (ancestors.length === 0 && options.onRoot?.(name) === false) {
      stopped = true;
      return;
    }
    if (open.length > 0 || select(name, ancestors)) {
      const node: XmlNode = {
        name,
        attrs: tag.attributes,
        text: '',
        children: [],
        line: parser.line,
      };
      grow(name.length + Object.values(tag.attributes).reduce((a, v) => a + v.length + 8, 0));
      open.at(-1)?.children.push(node);
      if (open.length === 0) size = 0;
      open.push(node);
    }
    ancestors.push(name);
  });
  const addText = (text: string) => {
    const node = open.at(-1);
    if (!node) return;
    grow(text.length);
    node.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    if (stopped) return;
    ancestors.pop();
    if (open.length === 0) return;
    const node = open.pop()!;
    if (open.length === 0) ready.push(node);
  });

  const write = (chunk: string | null) => {
    try {
      if (chunk === null) parser.close();
      else parser.write(chunk);
    } catch (error) {
      if (error instanceof AppError) throw error;
      const reason = error instanceof Error ? error.message.replace(/^.*?:\d+:\d+: /, '') : '';
      refuse(`not well-formed XML (${reason})`);
    }
  };

  source.setEncoding('utf8');
  let first = true;
  try {
    for await (const chunk of source) {
      let text = String(chunk);
      if (first && text.startsWith('\uFEFF')) text = text.slice(1); // a UTF-8 byte-order mark
      first = false;
      write(text);
      if (stopped) return;
      const batch = ready;
      ready = [];
      yield* batch;
    }
    write(null);
    yield* ready;
  } finally {
    source.destroy();
  }
}

// ——— Reading built elements ———

/** The first descendant at a slash-separated path of local names ('Name/FirstName'). */
export function childAt(node: XmlNode, path: string): XmlNode | undefined {
  let current: XmlNode | undefined = node;
  for (const step of path.split('/')) {
    current = current?.children.find((c) => c.name === step);
    if (!current) return undefined;
  }
  return current;
}

/** The trimmed text at a path, or null when the element is absent or empty. */
export function textAt(node: XmlNode, path: string): string | null {
  const text = childAt(node, path)?.text.trim();
  return text ? text : null;
}

/** Every child with this local name, in order. */
export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}
