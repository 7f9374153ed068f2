// Visual snapshots: each view of the diagram, as a visitor sees it, compared with the picture in
// tests/e2e/snapshots/. The comparison runs in the browser (a canvas per image), so it needs no
// image library: a pixel counts as different when a colour channel moves by more than 48, and a
// view fails when more than 0.5% of its pixels differ. A missing picture is written (and says
// so); `UPDATE_SNAPSHOTS=1 npm test -- --only e2e` rewrites them after an intended change.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ready, useSite, withPage } from './harness.mjs';

const site = useSite();
const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'snapshots');
const VIEWS = ['navigator', 'matrix', 'periodic', 'model-general', 'model-trained', 'model-as-is'];

/** The share of pixels that differ between two PNGs, computed in the page. */
function difference(page, a, b) {
  return page.evaluate(
    async ([a, b]) => {
      const load = async (base64) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const url = URL.createObjectURL(new Blob([bytes], { type: 'image/png' }));
        const image = new Image();
        image.src = url;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.naturalWidth;
        canvas.height = image.naturalHeight;
        const context = canvas.getContext('2d');
        context.drawImage(image, 0, 0);
        URL.revokeObjectURL(url);
        return context.getImageData(0, 0, canvas.width, canvas.height);
      };
      const [x, y] = await Promise.all([load(a), load(b)]);
      if (x.width !== y.width || x.height !== y.height) return { sizes: `${x.width}×${x.height} vs ${y.width}×${y.height}`, share: 1 };
      let differing = 0;
      for (let i = 0; i < x.data.length; i += 4) {
        if ([0, 1, 2].some((c) => Math.abs(x.data[i + c] - y.data[i + c]) > 48)) differing += 1;
      }
      return { share: differing / (x.width * x.height) };
    },
    [a.toString('base64'), b.toString('base64')],
  );
}

for (const view of VIEWS) {
  test(`the ${view} view looks as recorded`, async () => {
    await withPage(
      site,
      async (page) => {
        await page.setViewportSize({ width: 1280, height: 900 });
        await ready(page);
        const shot = await page.locator('.diagram-scroll').screenshot({ animations: 'disabled', caret: 'hide' });
        const file = path.join(folder, `${view}.png`);
        if (!existsSync(file) || process.env.UPDATE_SNAPSHOTS) {
          mkdirSync(folder, { recursive: true });
          writeFileSync(file, shot);
          console.log(`# wrote the snapshot ${path.relative(process.cwd(), file)}`);
          return;
        }
        const { share, sizes } = await difference(page, readFileSync(file), shot);
        if (share > 0.005) writeFileSync(path.join(folder, `${view}.actual.png`), shot);
        assert.ok(share <= 0.005, `${view}: ${sizes ?? `${(share * 100).toFixed(2)}% of the pixels differ`} (see ${view}.actual.png)`);
      },
      { path: `#view=${view}` },
    );
  });
}
