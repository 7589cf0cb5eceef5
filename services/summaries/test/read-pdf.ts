import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** What a reader of a PDF gets out of it: its pages' text and the fonts that draw it. */
export interface PdfContents {
  pages: number;
  /** Every page's text, pages joined by a newline, runs on a page without separators. */
  text: string;
  /** Every font used by the text, by its name in the file (e.g. `AAAAAA+NotoSansSC-Regular`). */
  fonts: { name: string; embedded: boolean }[];
}

/**
 * Reads a PDF with pdf.js (Mozilla's reader, pure JS): the text as a reader would copy it and the
 * fonts its text is drawn with, so a test sees what a person would, with no system tool.
 */
export async function readPdf(bytes: Uint8Array): Promise<PdfContents> {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const texts: string[] = [];
    const fonts = new Map<string, boolean>();
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
      // The operator list makes pdf.js load every font the page draws with into commonObjs.
      await page.getOperatorList();
      for (const id of new Set(content.items.flatMap((item) => ('fontName' in item ? [item.fontName] : [])))) {
        const font = page.commonObjs.get(id) as { name?: string; missingFile?: boolean };
        fonts.set(font.name ?? id, !font.missingFile);
      }
    }
    return { pages: doc.numPages, text: texts.join('\n'), fonts: [...fonts].map(([name, embedded]) => ({ name, embedded })) };
  } finally {
    await doc.destroy();
  }
}
