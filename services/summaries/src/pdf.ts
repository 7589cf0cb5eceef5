import { chromium, type Browser } from 'playwright-core';

/**
 * HTML → PDF by headless Chromium (the Debian package, or CHROMIUM_PATH), printing the page with
 * its own @page rules. One browser serves many summaries; close it when done.
 */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export interface PdfPrinter {
  print(html: string): Promise<Buffer>;
  close(): Promise<void>;
}

export function chromiumPath(env: Record<string, string | undefined> = process.env): string {
  return env.CHROMIUM_PATH ?? env.REDSTREAM_CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export function createPdfPrinter(options: { executablePath?: string } = {}): PdfPrinter {
  let browser: Promise<Browser> | undefined;
  const launch = (): Promise<Browser> => {
    browser ??= chromium.launch({ executablePath: options.executablePath ?? chromiumPath(), args: CHROMIUM_ARGS }).catch((error: unknown) => {
      browser = undefined;
      throw error;
    });
    return browser;
  };
  return {
    async print(html) {
      const b = await launch();
      const context = await b.newContext({ javaScriptEnabled: false, offline: true });
      try {
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        await page.emulateMedia({ media: 'print' });
        return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      } finally {
        await context.close();
      }
    },
    async close() {
      const b = browser;
      browser = undefined;
      if (b) await (await b).close();
    },
  };
}
