import { chromium } from "@playwright/test";
const base = "http://127.0.0.1:3300";
const [email, ...paths] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox"] });
for (const [w, h, scheme] of [[1440, 1000, "light"], [390, 844, "dark"]]) {
  const ctx = await b.newContext({ viewport: { width: w, height: h }, colorScheme: scheme });
  const page = await ctx.newPage();
  await page.goto(base + "/login"); await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill("demo"); await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  for (const org of ["acme", "globex"]) {
    const r = await page.request.post(base + `/api/v1/orgs/${org}/access`, { data: { reason: "SUP-1 look" } });
    if (r.status() >= 300) console.log("access", org, r.status(), await r.text());
  }
  for (const p of paths) {
    await page.goto(base + p); await page.waitForTimeout(3000);
    await page.screenshot({ path: `/tmp/rv/S${p.replace(/[^a-z0-9]+/gi, "_")}-${w}.png`, fullPage: w > 400 });
  }
  await ctx.close();
}
await b.close();
