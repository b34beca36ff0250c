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

/**
 * Starts the browser bundle as a person's first key press does (a page loads it on the first
 * press, key or focus, or at once where this browser ran it before), and waits until it has
 * taken over the server-rendered page.
 */
export async function expectHydrated(page: Page) {
  // Pressed again until it lands: a press during a navigation goes to the page being left.
  await expect(async () => {
    await page.keyboard.press("Shift");
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout: 1_000 });
  }).toPass();
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
