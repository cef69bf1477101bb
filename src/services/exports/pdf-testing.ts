// Reading back a PDF that PdfDocument wrote with compress: false, for tests, without another
// package: pdfkit writes each run of text with the standard fonts as hex strings in a TJ array,
// in WinAnsi (Windows-1252) encoding (PDF 32000-1:2008 §9.4.3, Annex D).
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWinAnsi(hex: string): string {
  let out = '';
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const code = parseInt(hex.slice(i, i + 2), 16);
    out += code >= 0x80 && code <= 0x9f ? CP1252_HIGH[code - 0x80] : String.fromCharCode(code);
  }
  return out;
}

/** The text of every TJ/Tj operation, one per line, in drawing order. */
export function extractPdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const lines: string[] = [];
  for (const match of source.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
    const parts = match[1] !== undefined ? [...match[1].matchAll(/<([0-9a-fA-F]*)>/g)] : [];
    const hex = match[1] !== undefined ? parts.map((p) => p[1] ?? '').join('') : (match[2] ?? '');
    lines.push(decodeWinAnsi(hex));
  }
  return lines.join('\n');
}

/** Pages in the file: the page objects (/Type /Page, not /Pages). */
export function countPdfPages(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}
