import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/shared/errors.ts';
import { levelForGradeList } from './grade-levels.ts';
import { yearsOfExperience } from './rows.ts';
import { childAt, streamXmlElements, textAt, type XmlNode } from './safe-xml.ts';

async function read(xml: string, options: { chunk?: number; max?: number } = {}) {
  const size = options.chunk ?? 7;
  const chunks = Array.from({ length: Math.ceil(xml.length / size) }, (_, i) =>
    Buffer.from(xml.slice(i * size, (i + 1) * size)),
  );
  const nodes: XmlNode[] = [];
  let root = '';
  const stream = streamXmlElements(Readable.from(chunks), {
    fileName: 'test.xml',
    select: (_name, ancestors) => ancestors.length === 1,
    onRoot: (r) => {
      root = r;
      return true;
    },
    ...(options.max === undefined ? {} : { maxElementChars: options.max }),
  });
  for await (const node of stream) nodes.push(node);
  return { root, nodes };
}

async function refusal(xml: string, options: { max?: number } = {}): Promise<AppError> {
  const error = await read(xml, options).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('streamXmlElements', () => {
  it('yields the selected elements as small trees, whatever the chunk boundaries', async () => {
    const xml =
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<ns:Root xmlns:ns="urn:x">\n' +
      '  <ns:Staff id="a"><ns:Name><ns:FirstName>Zoë &amp; Ana</ns:FirstName></ns:Name></ns:Staff>\n' +
      '  <ns:Staff><![CDATA[<raw>]]></ns:Staff>\n</ns:Root>\n';
    const { root, nodes } = await read(xml, { chunk: 5 });
    expect(root).toBe('Root');
    expect(nodes.map((n) => [n.name, n.line, n.attrs])).toEqual([
      ['Staff', 3, { id: 'a' }],
      ['Staff', 4, {}],
    ]);
    expect(textAt(nodes[0]!, 'Name/FirstName')).toBe('Zoë & Ana');
    expect(childAt(nodes[0]!, 'Name/Missing')).toBeUndefined();
    expect(nodes[1]!.text).toBe('<raw>');
  });

  it('refuses a DOCTYPE: no external entity is fetched, no entity expanded', async () => {
    const xxe =
      '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<x>&e;</x>';
    expect((await refusal(xxe)).message).toBe(
      'test.xml:2: the document has a DOCTYPE; DTDs and entity declarations are refused',
    );
    const laughs =
      '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>';
    expect((await refusal(laughs)).message).toContain('DOCTYPE');
  });

  it('refuses undeclared entities, malformed XML, other encodings and oversized elements', async () => {
    expect((await refusal('<a>\n<b>&e;</b></a>')).message).toMatch(
      /^test\.xml:2: not well-formed XML \(.*undefined entity/,
    );
    expect((await refusal('<a><b></a>')).message).toMatch(/^test\.xml:1: not well-formed XML/);
    expect((await refusal('<?xml version="1.0" encoding="UTF-16"?><a/>')).message).toContain(
      'only UTF-8 is read',
    );
    const big = `<a><b>${'x'.repeat(200)}</b></a>`;
    expect((await refusal(big, { max: 100 })).message).toBe(
      'test.xml:1: an element is larger than 100 characters',
    );
  });
});

describe('Ed-Fi helpers', () => {
  it('levels follow the NCES rule; pre-K alone does not decide', () => {
    expect(levelForGradeList('PK,K,01,02,03,04,05')).toBe('elementary');
    expect(levelForGradeList('06,07,08')).toBe('middle');
    expect(levelForGradeList('PK,09,10,11,12')).toBe('high');
    expect(levelForGradeList('06,07,08,09,10,11,12')).toBe('combined');
    expect(levelForGradeList('PK')).toBe('other');
  });

  it('years of experience add whole years since hire to the prior years', () => {
    expect(yearsOfExperience(20, '2018-02-09', 2022)).toBe(23);
    expect(yearsOfExperience(20, '2018-07-01', 2022)).toBe(23);
    expect(yearsOfExperience(20, '2018-07-02', 2022)).toBe(22);
    expect(yearsOfExperience(9, '2021-09-02', 2022)).toBe(9);
    expect(yearsOfExperience(null, '2001-01-01', 2022)).toBeNull();
    expect(yearsOfExperience(4, undefined, 2022)).toBe(4);
  });
});
