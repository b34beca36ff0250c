// The portal in bokmål, nynorsk and English: from the browser's language, and switchable on
// every page, with and without JavaScript.
import { test, expect, expectAccessible, expectHydrated } from "./fixtures";

test.describe("a browser that prefers English", () => {
  test.use({ locale: "en-GB" });

  test("gets the portal in English", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your inbox for the public sector");
    await page.getByRole("link", { name: "Sign in" }).click();
    await page.getByRole("button", { name: /Kari Nordmann/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("The inbox of Kari Nordmann");
    await expect(page.getByRole("link", { name: /^Archive \(/ })).toBeVisible();
    // The folder of drafts is plural, and the title names the page and the site once.
    await expect(page.getByRole("link", { name: /^Drafts \(/ })).toBeVisible();
    await expect(page).toHaveTitle("Inbox");
    await page.getByRole("link", { name: /^Archive \(/ }).click();
    await expect(page).toHaveTitle("Archive – Inbox");
    await page.getByRole("link", { name: /^Inbox \(/ }).click();
    await expectAccessible(page);
  });
});

for (const javaScriptEnabled of [true, false]) {
  test(`the language can be switched on any page (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled, locale: "nb-NO" });
    const page = await context.newPage();
    await page.goto("/auth/login?return_to=/inbox%3Ffolder%3Darchive");
    await page.getByRole("button", { name: /Kari Nordmann/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Innboksen til Kari Nordmann");
    if (javaScriptEnabled) {
      // The menu's button appears once the page is interactive; before, the languages are links.
      await expectHydrated(page);
      await page.getByRole("button", { name: "Språk: bokmål" }).click();
    }
    await page.getByRole("link", { name: "English" }).click();
    await expect(page).toHaveURL(/\/inbox\?folder=archive$/);
    await expect(page.getByRole("heading", { level: 2, name: "Archive" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.goto("/language?lang=nn&return_to=/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Innboksen din for det offentlege");
    await context.close();
  });
}
