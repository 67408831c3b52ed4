/** A PDF as a test reads it (pdf.js): its pages' sizes in points and the text of each page. */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfPage {
  /** Width and height in points (A4 is 595.92 × 842.88 as Chromium prints it). */
  readonly width: number;
  readonly height: number;
  /** The page's text, its lines joined by single spaces. */
  readonly text: string;
}

export async function pdfPages(bytes: Uint8Array): Promise<PdfPage[]> {
  const document = await getDocument({ data: bytes, verbosity: 0 }).promise;
  const pages: PdfPage[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const page = await document.getPage(n);
    const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = page.view;
    const content = await page.getTextContent();
    const text = content.items
      .map((item) => ('str' in item ? item.str + (item.hasEOL ? ' ' : '') : ''))
      .join('')
      .replace(/\s+/g, ' ')
      .trim();
    pages.push({ width: x1 - x0, height: y1 - y0, text });
  }
  await document.destroy();
  return pages;
}
