// Signing in through an independent OpenID provider (npm oidc-provider), as through ID-porten:
// discovery, authorization code with PKCE, the ID token, and signing out at the provider.
import { test, expect, expectAccessible } from "./fixtures";
import { interopURL } from "../playwright.config";

test.use({ baseURL: interopURL });

test("a citizen signs in through another OpenID provider and out again", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Logg inn" }).click();
  await page.locator('input[name="login"]').fill("01018012371");
  await page.locator('input[name="password"]').fill("any");
  await page.locator('button[type="submit"]').click();
  // oidc-provider asks for consent once.
  const consent = page.locator('button[type="submit"]', { hasText: /continue/i });
  if (await consent.isVisible().catch(() => false)) {
    await consent.click();
  }
  await expect(page).toHaveURL(`${interopURL}/inbox`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Innboksen til Testperson 01018012371");
  await expect(page.locator(".messages .inbox-row").first()).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: "Logg ut" }).click();
  // oidc-provider confirms the end of its session before returning.
  const confirm = page.locator('button[autofocus], button[type="submit"]', { hasText: /yes/i });
  if (await confirm.isVisible().catch(() => false)) {
    await confirm.click();
  }
  await expect(page).toHaveURL(`${interopURL}/`);
  await page.goto("/inbox");
  await expect(page.getByRole("heading", { level: 1, name: "Logg inn for å se innboksen" })).toBeVisible();
});
