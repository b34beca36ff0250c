// Finding one's way as a signed-in person: the logo leads to the inbox, every private page says
// who is signed in and offers to sign out, the list stays while the next one loads, and what an
// action did takes the focus, in view, also on a phone.
import { test, expect, expectHydrated, signIn } from "./fixtures";
import { createDialog, nb } from "./dialogs";

test("the logo leads a signed-in person to their inbox, and the dialog page says who is signed in", async ({ page, request }) => {
  const title = `Melding å finne veien fra ${Date.now()}`;
  const id = await createDialog(request, () => ({ status: "InProgress", content: { title: { value: nb(title) } } }));
  await signIn(page, /Kari Nordmann/, `/inbox/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByText("Logget inn som Kari Nordmann")).toBeVisible();
  await expect(page.getByRole("button", { name: "Logg ut" })).toBeVisible();
  await page.getByRole("link", { name: "Innboks", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Innboksen til Kari Nordmann");

  await page.goto(`/inbox/${id}`);
  await page.getByRole("button", { name: "Logg ut" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto(`/inbox/${id}`);
  await expect(page.getByText(title)).toHaveCount(0);
});

test("the preview page says who is signed in and offers to sign out", async ({ page }) => {
  await signIn(page, /Siri Saksbehandler/, "/preview");
  await expect(page.getByText("Logget inn som Siri Saksbehandler")).toBeVisible();
  await page.getByRole("button", { name: "Logg ut" }).click();
  await expect(page).toHaveURL(/\/$/);
});

test("the list stays on the page while the next one loads", async ({ page }) => {
  await signIn(page, /Kari Nordmann/);
  await expectHydrated(page);
  // Notes whether the loading text ever replaces the list.
  await page.evaluate(() => {
    const seen = { blanked: false };
    Object.assign(window, { seen });
    new MutationObserver(() => {
      if (document.body.textContent?.includes("Henter innboksen")) seen.blanked = true;
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  await page.getByLabel("Søk", { exact: true }).fill("zzzyxx ingenting");
  await page.getByRole("button", { name: "Søk", exact: true }).click();
  await expect(page.getByText("Ingen meldinger passer søket ditt.")).toBeVisible();
  await page.getByRole("link", { name: /^Arkiv \(/ }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Arkiv" })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { seen: { blanked: boolean } }).seen.blanked)).toBe(false);
});

test("on a phone, what an action did takes the focus in view, and Angre is the next stop", async ({ page, request }) => {
  const title = `Melding å arkivere på telefonen ${Date.now()}`;
  await createDialog(request, () => ({ status: "InProgress", content: { title: { value: nb(title) } } }));
  await page.setViewportSize({ width: 375, height: 812 });
  await signIn(page, /Kari Nordmann/);
  await expectHydrated(page);
  const row = page.locator(".messages .inbox-row", { hasText: title });
  await row.scrollIntoViewIfNeeded();
  await row.getByRole("button", { name: /^Arkiver/ }).click();
  const done = page.locator("#done-message");
  await expect(done).toHaveText("Flyttet til arkivet.");
  await expect(done).toBeFocused();
  await expect(done).toBeInViewport();
  await expect(page.getByRole("status")).toContainText("Flyttet til arkivet.");

  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Angre" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(done).toHaveText("Flyttet tilbake til innboksen.");
  await expect(done).toBeFocused();
  await expect(row).toHaveCount(1);
});

for (const javaScriptEnabled of [true, false]) {
  test(`what an action did is said once, not by the address (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({ browser, request }) => {
    const context = await browser.newContext({ javaScriptEnabled, locale: "nb-NO" });
    const page = await context.newPage();
    const title = `Melding som blir sagt én gang ${Date.now()}`;
    const id = await createDialog(request, () => ({ status: "InProgress", content: { title: { value: nb(title) } } }));
    await signIn(page, /Kari Nordmann/);
    if (javaScriptEnabled) await expectHydrated(page);
    const done = page.locator("#done-message");
    const row = page.locator(".messages .inbox-row", { hasText: title });
    await row.getByRole("button", { name: /^Arkiver/ }).click();
    await expect(done).toHaveText("Flyttet til arkivet.");
    await expect(page).toHaveURL(/\/inbox$/);
    await page.getByRole("button", { name: "Angre" }).click();
    await expect(done).toHaveText("Flyttet tilbake til innboksen.");
    await expect(page).toHaveURL(/\/inbox$/);
    // Another language says nothing about it.
    if (javaScriptEnabled) await page.getByRole("button", { name: "Språk: bokmål" }).click();
    await page.getByRole("link", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 2, name: "Inbox" })).toBeVisible();
    await expect(done).toHaveCount(0);
    await page.goto("/language?lang=nb&return_to=/inbox");

    // Archived from its page and undone: Back and Forward do not say it is in the archive.
    await page.goto(`/inbox/${id}`);
    await page.getByRole("button", { name: "Arkiver" }).click();
    await expect(done).toHaveText("Flyttet til arkivet.");
    if (javaScriptEnabled) await expectHydrated(page);
    await page.getByRole("button", { name: "Angre" }).click();
    await expect(done).toHaveText("Flyttet tilbake til innboksen.");
    // Back leads to the page before (with JavaScript the action replaced the inbox's entry,
    // without it the browser added one), and neither it nor Forward says it again.
    await page.goBack();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(javaScriptEnabled ? title : "Innboksen til Kari Nordmann");
    await expect(page.getByText("Flyttet til arkivet.")).toHaveCount(0);
    await page.goForward();
    await expect(row).toHaveCount(1);
    await expect(page.getByText("Flyttet til arkivet.")).toHaveCount(0);
    await context.close();
  });
}
