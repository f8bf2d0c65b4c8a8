// Check the brief's HTML as readers meet it, in headless Chromium:
//   - axe-core's violations, by impact (the brief wants 0 critical and 0 serious);
//   - at 390 px wide (a phone), whether anything widens the page beyond the screen;
//   - optional screenshots at 1280 px and 390 px.
// Usage (from this folder, after `npm ci`):
//   node check.mjs [--screenshots DIR] FILE.html [FILE.html ...]
// Prints one JSON summary per file; exits 1 if any file has a critical or serious
// violation or overflows at 390 px. CHROMIUM names the browser (default /usr/bin/chromium).
import { readFileSync, mkdirSync } from "node:fs";
import { basename, resolve } from "node:path";
import { createRequire } from "node:module";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const args = process.argv.slice(2);
let shots = null;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--screenshots") shots = args[++i];
  else files.push(args[i]);
}
if (files.length === 0) {
  console.error("usage: node check.mjs [--screenshots DIR] FILE.html ...");
  process.exit(2);
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
let failed = false;
try {
  for (const [index, file] of files.entries()) {
    const url = "file://" + resolve(file);
    const page = await browser.newPage();
    const requests = [];
    page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(url, { waitUntil: "load" });
    await page.addScriptTag({ content: axeSource });
    const axe = await page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ["violations"] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length,
        targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
    });
    const tag = `${index}-${basename(file, ".html")}`;
    if (shots) {
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: `${shots}/${tag}-1280.png` });
    }
    await page.setViewport({ width: 390, height: 844 });
    await page.goto(url, { waitUntil: "load" });
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [];
      for (const el of document.querySelectorAll("body *")) {
        const box = el.getBoundingClientRect();
        if (box.right > width + 1 && el.closest(".table-scroll, pre, .sourceCode") === null) {
          wide.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : ""} (${Math.round(box.right)} px)`);
        }
      }
      return { viewport: width, page: document.documentElement.scrollWidth, widest: wide.slice(0, 5) };
    });
    if (shots) await page.screenshot({ path: `${shots}/${tag}-390.png` });
    const count = (impact) => axe.filter((v) => v.impact === impact).length;
    const summary = {
      file,
      axe: { critical: count("critical"), serious: count("serious"), moderate: count("moderate"), minor: count("minor") },
      violations: axe,
      overflowAt390: overflow.page > overflow.viewport ? overflow : false,
      networkRequests: requests,
    };
    console.log(JSON.stringify(summary, null, 2));
    if (summary.axe.critical || summary.axe.serious || summary.overflowAt390 || requests.length) failed = true;
    await page.close();
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
