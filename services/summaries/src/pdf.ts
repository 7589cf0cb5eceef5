import { readFileSync } from 'node:fs';
import type { Browser, Route } from 'playwright-core';
import { fontFileFor, launchChromium } from '@redstream/service-kit';

/**
 * HTML → PDF by headless Chromium (shipped in npm, or REDSTREAM_CHROMIUM_PATH), printing the page
 * with its own @page rules. One browser serves many summaries; close it when done.
 *
 * The page is opened on a made-up origin whose only answers are the summary itself and the
 * platform's font files read from disk; every other request is refused. So the PDF embeds the
 * shipped CJK font whatever the machine has installed, and a summary can fetch nothing from the
 * network even if a name in it were crafted to try.
 */
const ORIGIN = 'http://summary.redstream.invalid';

export interface PdfPrinter {
  print(html: string): Promise<Buffer>;
  close(): Promise<void>;
}

export function createPdfPrinter(options: { executablePath?: string } = {}): PdfPrinter {
  let browser: Promise<Browser> | undefined;
  const launch = (): Promise<Browser> => {
    browser ??= launchChromium(options.executablePath ? { executablePath: options.executablePath } : {}).catch((error: unknown) => {
      browser = undefined;
      throw error;
    });
    return browser;
  };
  return {
    async print(html) {
      const b = await launch();
      const context = await b.newContext({ javaScriptEnabled: false });
      try {
        await context.route('**/*', (route) => answer(route, html));
        const page = await context.newPage();
        await page.goto(`${ORIGIN}/summary.html`, { waitUntil: 'load' });
        // Subsets are fetched as layout meets their characters; print only once all have arrived.
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
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

function answer(route: Route, html: string): Promise<void> {
  const url = new URL(route.request().url());
  if (url.origin !== ORIGIN) return route.abort('blockedbyclient');
  if (url.pathname === '/summary.html') return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
  const file = fontFileFor(url.pathname);
  if (!file) return route.fulfill({ status: 404, body: '' });
  const type = file.endsWith('.css') ? 'text/css' : file.endsWith('.woff2') ? 'font/woff2' : 'font/woff';
  return route.fulfill({ status: 200, contentType: type, body: readFileSync(file) });
}
