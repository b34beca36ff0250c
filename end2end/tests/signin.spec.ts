// Signing in through the built-in test identity provider, seeing the inbox, and signing out,
// with JavaScript on and off.
import { test, expect, expectHydrated, expectAccessible } from "./fixtures";
import { createDialog, taxReturn } from "./dialogs";

async function signInAsKari(page: import("@playwright/test").Page) {
  await page.goto("/");
  await page.getByRole("link", { name: "Logg inn" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Test sign-in" })).toBeVisible();
  await page.getByRole("button", { name: /Kari Nordmann/ }).click();
  await expect(page).toHaveURL(/\/inbox$/);
}

test("a citizen signs in, sees their inbox and signs out", async ({ page }) => {
  await signInAsKari(page);
  await expect(page.getByRole("heading", { level: 1, name: "Innboksen til Kari Nordmann" })).toBeVisible();
  await expect(page.getByText("Logget inn som Kari Nordmann")).toBeVisible();
  const rows = page.locator(".inbox-row");
  expect(await rows.count()).toBeGreaterThan(5);
  await expectHydrated(page);
  await expectAccessible(page);
  const cookies = await page.context().cookies();
  const session = cookies.find((cookie) => cookie.name === "dialoghub_session");
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");

  await page.getByRole("button", { name: "Logg ut" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/inbox");
  await expect(page.getByRole("heading", { level: 1, name: "Logg inn for å se innboksen" })).toBeVisible();
});

// The pages are `Cache-Control: no-store`, so history does not keep them for Back.
async function backAfterSigningOutShowsNothingPrivate(
  page: import("@playwright/test").Page,
  request: import("@playwright/test").APIRequestContext,
) {
  const title = `Skattemelding å gå tilbake fra ${Date.now()}`;
  await createDialog(request, taxReturn(title));
  await signInAsKari(page);
  const link = page.getByRole("link", { name: title }).first();
  await link.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await page.goto("/inbox");
  await expect(page.getByRole("heading", { level: 1, name: "Innboksen til Kari Nordmann" })).toBeVisible();
  await page.getByRole("button", { name: "Logg ut" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/inbox$/);
  await expect(page.getByRole("heading", { level: 1, name: "Logg inn for å se innboksen" })).toBeVisible();
  await expect(page.getByText("Kari Nordmann")).toHaveCount(0);
  await expect(page.locator(".inbox-row")).toHaveCount(0);
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1, name: title })).toHaveCount(0);
  await expect(page.getByText("Kari Nordmann")).toHaveCount(0);
}

test("Back after signing out shows no private data", async ({ page, request }) => {
  await backAfterSigningOutShowsNothingPrivate(page, request);
});

test("an ID-porten e-mail user signs in and reads their letters", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Logg inn" }).click();
  // Written as typed; the portal knows the user by the lowercased address, as upstream does.
  await page.getByLabel("E-mail address").fill("Kari.Epost@Example.no");
  await page.getByRole("button", { name: "Sign in with e-mail" }).click();
  await expect(page).toHaveURL(/\/inbox$/);
  await expect(
    page.getByRole("heading", { level: 1, name: "Innboksen til kari.epost@example.no" }),
  ).toBeVisible();
  await expect(page.locator(".inbox-row").first()).toBeVisible();
  await page.getByRole("link", { name: /Brev fra Digdir nr\./ }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Brev fra Digdir nr\./);
  await expectAccessible(page);
  await page.goto("/inbox");
  await page.getByRole("button", { name: "Logg ut" }).click();
  await expect(page).toHaveURL(/\/$/);
});

test("the test sign-in page is accessible", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Logg inn" }).click();
  await expectAccessible(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("Back after signing out shows no private data", async ({ page, request }) => {
    await backAfterSigningOutShowsNothingPrivate(page, request);
  });

  test("signing in, reading the inbox and signing out still work", async ({ page }) => {
    await signInAsKari(page);
    await expect(page.getByRole("heading", { level: 1, name: "Innboksen til Kari Nordmann" })).toBeVisible();
    expect(await page.locator(".inbox-row").count()).toBeGreaterThan(5);
    await page.getByRole("button", { name: "Logg ut" }).click();
    await expect(page).toHaveURL(/\/$/);
  });
});

test("a forged sign-out without the session's token is refused", async ({ page, request }) => {
  await signInAsKari(page);
  const cookies = await page.context().cookies();
  const session = cookies.find((cookie) => cookie.name === "dialoghub_session");
  const response = await request.post("/auth/logout", {
    form: { csrf: "forged" },
    headers: { cookie: `dialoghub_session=${session?.value}` },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
  await page.goto("/inbox");
  await expect(page.getByRole("heading", { level: 1, name: "Innboksen til Kari Nordmann" })).toBeVisible();
});

for (const [locale, words] of [
  ["nb-NO", { lang: "nb", heading: "Innloggingen mislyktes", text: "Innloggingen ble ikke fullført. Du kan prøve igjen.", site: "Innboks", other: /Signing in|sign-in/ }],
  ["en-GB", { lang: "en", heading: "Signing in failed", text: "The sign-in was not completed. You can try again.", site: "Inbox", other: /Innlogg/ }],
] as const) {
  test(`a failed sign-in is a page in one language (${words.lang}) in the portal's frame`, async ({ browser }) => {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    const response = await page.goto("/auth/callback?error=access_denied");
    expect(response?.status()).toBe(400);
    await expect(page.locator("html")).toHaveAttribute("lang", words.lang);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(words.heading);
    await expect(page.getByText(words.text)).toBeVisible();
    await expect(page.getByRole("banner").getByRole("link", { name: words.site, exact: true })).toBeVisible();
    await expect(page.getByRole("contentinfo")).toBeVisible();
    await expect(page.locator("body")).not.toContainText(words.other);
    await expectAccessible(page);
    await context.close();
  });
}
