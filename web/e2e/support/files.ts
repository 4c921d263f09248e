import type { Browser } from 'playwright-core';

const page = (title: string, lines: string[]) => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
  body { font-family: 'Noto Serif CJK SC', 'Noto Sans CJK SC', serif; margin: 48px; color: #111; }
  h1 { font-size: 26px; text-align: center; letter-spacing: 4px; }
  p { font-size: 16px; line-height: 2; text-indent: 2em; }
  .stamp { margin-top: 40px; text-align: right; color: #b71c1c; font-size: 18px; }
</style></head><body><h1>${title}</h1>${lines.map((l) => `<p>${l}</p>`).join('')}<p class="stamp">（盖章）</p></body></html>`;

/** A real PDF with Chinese text, made by the browser itself, like the scanned minutes clerks upload. */
export async function makePdf(browser: Browser, { title, lines }: { title: string; lines: string[] }): Promise<Buffer> {
  const tab = await browser.newPage();
  await tab.setContent(page(title, lines));
  await tab.evaluate(() => document.fonts.ready);
  const pdf = await tab.pdf({ format: 'A4', printBackground: true });
  await tab.close();
  return pdf;
}

/** A picture (PNG), as from a phone's camera: a meeting-room photo stand-in. */
export async function makePng(browser: Browser, caption: string): Promise<Buffer> {
  const tab = await browser.newPage({ viewport: { width: 800, height: 560 } });
  await tab.setContent(`<!doctype html><html><body style="margin:0;display:flex;align-items:flex-end;justify-content:center;height:560px;
    background:linear-gradient(160deg,#8d6e63 0%,#d7ccc8 45%,#efebe9 100%);font-family:'Noto Sans CJK SC',sans-serif">
    <div style="position:absolute;top:60px;left:80px;right:80px;height:180px;background:#b71c1c;color:#fff;display:flex;align-items:center;justify-content:center;font-size:34px;letter-spacing:6px">${caption}</div>
    <div style="width:620px;height:160px;margin-bottom:40px;background:#5d4037;border-radius:12px"></div></body></html>`);
  const png = await tab.screenshot({ type: 'png' });
  await tab.close();
  return png;
}
