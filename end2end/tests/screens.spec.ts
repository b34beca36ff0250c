// The portal's main screens at a desktop's and a phone's width, kept as screenshots in
// test-results/screens/, each checked with axe; on the phone the first dialog is in the first
// screen and every control in the list is at least 24 by 24 pixels (WCAG 2.5.8).
import type { Page } from "@playwright/test";
import { test, expect, expectAccessible, signIn } from "./fixtures";
import { createDialog, nb } from "./dialogs";

const SIZES = [
  { name: "1280", width: 1280, height: 900 },
  { name: "375", width: 375, height: 812 },
];

async function shoot(page: Page, screen: string) {
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.screenshot({ path: `test-results/screens/${screen}-${size.name}.png`, fullPage: true });
    await expectAccessible(page);
  }
}

test("the inbox: the first dialog is in a phone's first screen, and its controls are large enough to touch", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await signIn(page, /Kari Nordmann/);
  const first = page.locator(".inbox-row").first();
  await expect(first).toBeInViewport();
  const box = await first.boundingBox();
  expect(box!.y + 80, "the first row's title and sender show without scrolling").toBeLessThan(812);
  const small = await page.locator(".inbox-row").evaluateAll((rows) =>
    rows
      .flatMap((row) => [...row.querySelectorAll("input, button, a")])
      .map((control) => ({ control: control.outerHTML.slice(0, 80), box: control.getBoundingClientRect() }))
      .filter(({ box }) => box.width < 24 || box.height < 24)
      .map(({ control, box }) => `${control} ${box.width}x${box.height}`),
  );
  expect(small).toEqual([]);
  await shoot(page, "inbox");
});

test("a dialog", async ({ page, request }) => {
  const id = await createDialog(request, () => ({
    status: "RequiresAttention",
    dueAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
    content: {
      title: { value: nb("Skattemeldingen for 2026 er klar") },
      summary: { value: nb("Se over opplysningene og send inn innen fristen.") },
      additionalInfo: { mediaType: "text/markdown", value: nb("## Hva du må gjøre\n\n1. Se over inntektene.\n2. Send inn.") },
    },
    attachments: [{ displayName: nb("Veiledning"), urls: [{ url: "https://skatt.example/veiledning.pdf", mediaType: "application/pdf", consumerType: "Gui" }] }],
  }));
  await signIn(page, /Kari Nordmann/, `/inbox/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Skattemeldingen for 2026 er klar");
  await shoot(page, "dialog");
});

test("the party menu", async ({ page }) => {
  await signIn(page, /Ola Hansen/);
  await page.setViewportSize({ width: 375, height: 812 });
  // On a phone whose inbox it is folds away; opened, it lists the parties.
  const parties = page.locator("details.parties");
  await parties.locator("summary").click();
  await expect(page.getByLabel("Vis innboksen til")).toBeVisible();
  await shoot(page, "party-menu");
});

test("the preview", async ({ page }) => {
  await signIn(page, /Siri Saksbehandler/, "/preview");
  await expect(page.getByRole("heading", { level: 1, name: "Forhåndsvis en dialog" })).toBeVisible();
  await shoot(page, "preview");
});

test("an empty folder", async ({ page }) => {
  await signIn(page, /Per Uten Rettigheter/);
  await expect(page.locator(".inbox-row")).toHaveCount(0);
  await expect(page.locator(".empty")).toBeVisible();
  await shoot(page, "empty-inbox");
});

for (const javaScriptEnabled of [true, false]) {
  test(`on a phone the filters open as a sheet from the bottom (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled, locale: "nb-NO", viewport: { width: 375, height: 812 } });
    const page = await context.newPage();
    await signIn(page, /Kari Nordmann/);
    const sheet = page.locator(".filter-fields .fold-body");
    await expect(sheet).toBeHidden();
    await page.getByText("Filtre:").click();
    await expect(sheet).toBeVisible();
    const box = (await sheet.boundingBox())!;
    expect(Math.round(box.y + box.height), "the sheet sits on the screen's bottom edge").toBe(812);
    expect(box.width).toBe(375);
    if (javaScriptEnabled) {
      await page.screenshot({ path: "test-results/screens/filters-sheet-375.png" });
      await expectAccessible(page);
    }
    // A press on the dimmed page folds it away again.
    await page.mouse.click(180, 40);
    await expect(sheet).toBeHidden();
    await page.getByText("Filtre:").click();
    await page.getByLabel("Status").selectOption({ label: "Fullført" });
    await page.getByRole("button", { name: "Vis treff" }).click();
    await expect(page).toHaveURL(/status=Completed/);
    await expect(page.locator(".filter-fields .applied")).toHaveText("Fullført");
    await expect(sheet).toBeHidden();
    await context.close();
  });
}
