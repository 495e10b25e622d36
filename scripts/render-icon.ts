// Renders assets/icons/junction.svg to the 512×512 PNG electron-builder turns into every platform's icon:
// `npx tsx scripts/render-icon.ts` (uses the system Chromium, like the PDF report).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../src/report/pdf.js';

const icons = fileURLToPath(new URL('../assets/icons/', import.meta.url));
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 512, height: 512 } });
  await page.setContent(`<body style="margin:0">${readFileSync(`${icons}junction.svg`, 'utf8')}</body>`);
  await page.screenshot({
    path: `${icons}512x512.png`,
    omitBackground: true,
    clip: { x: 0, y: 0, width: 512, height: 512 },
  });
} finally {
  await browser.close();
}
