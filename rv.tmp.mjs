import { chromium } from "@playwright/test";
import { createRequire } from "node:module";
import fs from "node:fs";
const require = createRequire(import.meta.url);
const axeSrc = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const base = "http://127.0.0.1:3300";
const [email, ...paths] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox"] });
for (const [w, h] of [[390, 844], [1440, 900]]) for (const scheme of ["light", "dark"]) {
  const ctx = await b.newContext({ viewport: { width: w, height: h }, colorScheme: scheme });
  const page = await ctx.newPage();
  if (email !== "-") {
    await page.goto(base + "/login"); await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill("demo"); await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  }
  for (const p of paths) {
    await page.goto(base + p); await page.waitForTimeout(3500);
    await page.addScriptTag({ content: axeSrc });
    const axe = await page.evaluate(async () => (await window.axe.run()).violations.filter((v) => ["serious", "critical"].includes(v.impact)).map((v) => `${v.id}(${v.nodes.length}): ${v.nodes[0].target}`));
    const info = await page.evaluate((w) => {
      const small = [];
      if (w < 640) for (const el of document.querySelectorAll("a,button,input,select,textarea,summary,[role=button]")) {
        const r = el.getBoundingClientRect(); const st = getComputedStyle(el);
        if (r.width === 0 || st.visibility === "hidden" || el.closest("[hidden]")) continue;
        if (el.matches("input[type=hidden]")) continue;
        if (r.height < 43.5 && !(el.className && String(el.className).includes("sr-only"))) small.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 30)}" ${r.height.toFixed(0)}px`);
      }
      return { overflow: document.documentElement.scrollWidth > w, small: small.slice(0, 8), nsmall: small.length };
    }, w);
    const name = `${p.replace(/[^a-z0-9]+/gi, "_")}-${w}-${scheme}`;
    await page.screenshot({ path: `/tmp/rv/${name}.png` });
    console.log(name, JSON.stringify({ axe, ...info }));
  }
  await ctx.close();
}
await b.close();
