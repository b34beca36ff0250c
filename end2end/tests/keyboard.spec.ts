// Keyboard-only use, and the inbox at 320 CSS pixels (what 1280 pixels at 400 % zoom leave).
import { test, expect, expectHydrated, signIn, type Page, type Locator } from "./fixtures";
import { createDialog, taxReturn } from "./dialogs";

/** Presses Tab until `target` has focus (or fails after `limit` presses). */
async function tabTo(page: Page, target: Locator, limit = 80) {
  for (let press = 0; press < limit; press++) {
    if (await target.evaluate((element) => element === document.activeElement)) {
      return;
    }
    await page.keyboard.press("Tab");
  }
  throw new Error("the element could not be reached with Tab");
}

test("signing in, opening a folder and archiving work with the keyboard alone", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Hopp til hovedinnhold" })).toBeFocused();
  await tabTo(page, page.getByRole("link", { name: "Logg inn" }));
  await page.keyboard.press("Enter");
  await tabTo(page, page.getByRole("button", { name: /Kari Nordmann/ }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Innboksen til Kari Nordmann");
  await tabTo(page, page.getByRole("link", { name: /^Arkiv \(/ }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 2, name: "Arkiv" })).toBeVisible();
  await tabTo(page, page.getByRole("link", { name: /^Innboks \(/ }));
  await page.keyboard.press("Enter");
  const first = page.locator(".messages .inbox-row").first().getByRole("button", { name: /^Arkiver/ });
  await tabTo(page, first, 200);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText("Flyttet til arkivet.");
});

test("a delete action is confirmed or cancelled with the keyboard, and focus comes back", async ({ page, request }) => {
  const id = await createDialog(request, taxReturn("Skattemelding for tastaturet"));
  await page.goto(`/auth/login?return_to=/inbox/${id}`);
  await page.getByRole("button", { name: /Kari Nordmann/ }).click();
  await expectHydrated(page);
  const remove = page.getByRole("button", { name: "Slett utkastet" });
  await tabTo(page, remove);
  await page.keyboard.press("Enter");
  const confirm = page.getByRole("dialog", { name: "Slett utkastet" });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole("button", { name: "Ja, fortsett" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(confirm).toBeHidden();
  await expect(remove).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(confirm).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(confirm.getByRole("button", { name: "Avbryt" })).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Meldingen er slettet");
});

test("the inbox fits 320 CSS pixels without sideways scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 800 });
  await page.goto("/auth/login?return_to=/inbox");
  await page.getByRole("button", { name: /Ola Hansen/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Innboksen til Ola Hansen");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test("the list has mail-client shortcuts: j and k move, x selects, e archives, / searches, ? lists them", async ({ page }) => {
  await signIn(page, /Kari Nordmann/);
  await expectHydrated(page);
  const links = page.locator(".messages .inbox-row .row-title a");
  await page.keyboard.press("j");
  await expect(links.nth(0)).toBeFocused();
  await page.keyboard.press("j");
  await expect(links.nth(1)).toBeFocused();
  await page.keyboard.press("k");
  await expect(links.nth(0)).toBeFocused();

  const first = page.locator(".messages .inbox-row").first();
  const check = first.locator("input[type=checkbox]");
  await page.keyboard.press("x");
  await expect(check).toBeChecked();
  await page.keyboard.press("x");
  await expect(check).not.toBeChecked();

  const href = await links.nth(0).getAttribute("href");
  await page.keyboard.press("e");
  await expect(page.getByRole("status")).toContainText("Flyttet til arkivet.");
  await expect(page.locator(`.messages a[href="${href}"]`)).toHaveCount(0);
  await page.getByRole("button", { name: "Angre" }).click();
  await expect(page.locator(`.messages a[href="${href}"]`)).toHaveCount(1);

  await page.locator(`.messages a[href="${href}"]`).focus();
  await page.keyboard.press("#");
  await expect(page.getByRole("status")).toContainText("Flyttet til papirkurven.");
  await page.getByRole("button", { name: "Angre" }).click();
  await expect(page.locator(`.messages a[href="${href}"]`)).toHaveCount(1);
  await page.locator(`.messages a[href="${href}"]`).focus();
  await page.keyboard.press("u");
  await expect(page.getByRole("status")).toContainText("Markert som ulest.");
  await expect(page.locator(".messages .inbox-row.unread", { has: page.locator(`a[href="${href}"]`) })).toHaveCount(1);

  await page.keyboard.press("/");
  const search = page.getByLabel("Søk", { exact: true });
  await expect(search).toBeFocused();
  // In a field the keys are text again.
  await page.keyboard.type("jk");
  await expect(search).toHaveValue("jk");

  await page.locator("h1").click();
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Hurtigtaster" });
  await expect(help).toBeVisible();
  await expect(help).toContainText("Neste eller forrige melding");
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
});
