// Shared test fixtures: every page records uncaught errors so a broken browser bundle fails the test.
import { test as base, expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

type Fixtures = { pageErrors: Error[] };

export const test = base.extend<Fixtures>({
  pageErrors: async ({ page }, use) => {
    const errors: Error[] = [];
    page.on("pageerror", (error) => errors.push(error));
    await use(errors);
    expect(errors, "uncaught errors in the page").toEqual([]);
  },
});

export { expect };

/** Waits until the browser bundle has taken over the server-rendered page. */
export async function expectHydrated(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

/** Runs axe with the WCAG 2.2 AA rule set and expects no violations. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes)`)).toEqual([]);
}

/** Signs in through the built-in test provider as the person whose button matches `name`. */
export async function signIn(page: Page, name: RegExp, returnTo = "/inbox") {
  await page.goto(`/auth/login?return_to=${returnTo}`);
  await page.getByRole("button", { name }).click();
  await expect(page).toHaveURL(new RegExp(returnTo));
}
