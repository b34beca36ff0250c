// The inbox as people use it: acting for an organisation, searching, archiving with undo, and
// no way to see an organisation's dialogs without rights, with JavaScript on and off.
import { test, expect, expectAccessible, type Page } from "./fixtures";

async function signIn(page: Page, name: RegExp) {
  await page.goto("/auth/login?return_to=/inbox");
  await page.getByRole("button", { name }).click();
  await expect(page).toHaveURL(/\/inbox/);
}

test("a general manager switches to the company and back", async ({ page }) => {
  await signIn(page, /Ola Hansen/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Innboksen til Ola Hansen");
  await page.getByLabel("Vis innboksen til").selectOption({ label: "Fjordkraft Demo AS" });
  await page.getByRole("button", { name: "Bytt" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Innboksen til Fjordkraft Demo AS");
  await expect(page.locator(".inbox-page.acting-organisation")).toBeVisible();
  await expect(page.locator(".messages .inbox-row").first()).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/inbox-desktop.png", fullPage: true });
  await page.setViewportSize({ width: 320, height: 800 });
  await page.screenshot({ path: "test-results/inbox-mobile.png", fullPage: true });
  await expectAccessible(page);
});

test("a search lives in the address and says when nothing matches", async ({ page }) => {
  await signIn(page, /Kari Nordmann/);
  await page.getByLabel("Søk", { exact: true }).fill("zzzyxx ingenting");
  await page.getByRole("button", { name: "Søk", exact: true }).click();
  await expect(page).toHaveURL(/q=zzzyxx/);
  await expect(page.getByText("Ingen meldinger passer søket ditt.")).toBeVisible();
  await page.getByRole("link", { name: "Nullstill" }).click();
  await expect(page.locator(".messages .inbox-row").first()).toBeVisible();
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(`with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("archiving a dialog moves it to the archive, and undo brings it back", async ({ page }) => {
      await signIn(page, /Kari Nordmann/);
      const first = page.locator(".messages .inbox-row").first();
      const href = await first.locator("h3 a").getAttribute("href");
      const listed = page.locator(`.messages a[href="${href}"]`);
      await first.getByRole("button", { name: /^Arkiver/ }).click();
      await expect(page.getByRole("status")).toContainText("Flyttet til arkivet.");
      await expect(listed).toHaveCount(0);
      await page.getByRole("link", { name: /^Arkiv \(/ }).click();
      await expect(listed).toHaveCount(1);
      await listed.locator("xpath=ancestor::li").getByRole("button", { name: /^Gjenopprett/ }).click();
      await expect(page.getByRole("status")).toContainText("Flyttet tilbake til innboksen.");
      await expect(listed).toHaveCount(0);
      await page.getByRole("link", { name: /^Innboks \(/ }).click();
      await expect(listed).toHaveCount(1);
      await page.locator(".messages .inbox-row").first().getByRole("button", { name: /^Arkiver/ }).click();
      await page.getByRole("button", { name: "Angre" }).click();
      await expect(page.getByRole("status")).toContainText("Flyttet tilbake til innboksen.");
      await expect(page.locator(".messages .inbox-row").first().locator("h3 a")).toHaveAttribute("href", href ?? "");
    });
  });
}

test("a person without rights cannot see an organisation's dialogs by editing the address", async ({ page }) => {
  await signIn(page, /Kari Nordmann/);
  await page.goto("/inbox?party=urn:altinn:organization:identifier-no:310778737");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Innboksen til Kari Nordmann");
  await expect(page.getByText("Fjordkraft", { exact: false })).toHaveCount(0);
  await page.goto("/inbox?party=all");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Innboksen til alle virksomheter");
  await expect(page.locator(".messages .inbox-row")).toHaveCount(0);
});
