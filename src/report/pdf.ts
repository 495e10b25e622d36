import { existsSync } from 'node:fs';

/** Chromium flags for headless printing in containers and CI: no sandbox (root), no GPU, no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-dev-shm-usage',
];

/** The Chromium to print with: JUNCTION_CHROMIUM, else the distribution's. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const path = env.JUNCTION_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(path))
    throw new Error(`no Chromium at ${path}: install it (Debian: apt-get install chromium) or set JUNCTION_CHROMIUM`);
  return path;
}

const FOOTER = `<div style="font: 9px Arial, sans-serif; color: #5d6778; width: 100%; padding: 0 12mm; display: flex; justify-content: space-between;">
<span class="title"></span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;

/**
 * Prints the HTML report to an A4 PDF with headless Chromium (the desktop app uses printToPDF on the same HTML).
 * The page may load nothing: every request it makes is refused.
 */
export async function renderPdf(html: string): Promise<Buffer> {
  // Loaded on demand: only the PDF format needs a browser.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: FOOTER,
    });
  } finally {
    await browser.close();
  }
}
