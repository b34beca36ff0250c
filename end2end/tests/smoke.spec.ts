// The portal's first page loads from the server, hydrates, and passes an accessibility check.
import { test, expect, expectHydrated, expectAccessible } from "./fixtures";

test("a visitor sees the start page rendered and hydrated", async ({ page, pageErrors }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Din innboks for det offentlige");
  await expect(page.getByRole("banner")).toBeVisible();
  await expect(page.getByRole("contentinfo")).toBeVisible();
  await expectHydrated(page);
  expect(pageErrors).toEqual([]);
});

test("the language menu opens once the page is interactive", async ({ page, pageErrors }) => {
  await page.goto("/");
  await expectHydrated(page);
  const menu = page.getByRole("button", { name: "Språk: bokmål" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByText("Norsk bokmål")).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test("the start page has no accessibility violations", async ({ page, pageErrors }) => {
  await page.goto("/");
  await expectHydrated(page);
  await expectAccessible(page);
  expect(pageErrors).toEqual([]);
});

test("an unknown address shows a helpful page with status 404", async ({ page, pageErrors }) => {
  const response = await page.goto("/this/does/not/exist");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Fant ikke siden");
  await expect(page.getByRole("link", { name: "Gå til forsiden" })).toBeVisible();
  await expectHydrated(page);
  await expectAccessible(page);
  expect(pageErrors).toEqual([]);
});

test("an unknown API address answers problem+json, not the portal page", async ({ request }) => {
  const response = await request.get("/api/v1/nothing-here");
  expect(response.status()).toBe(404);
  expect(response.headers()["content-type"]).toContain("application/problem+json");
  const problem = await response.json();
  expect(problem.status).toBe(404);
  expect(problem.traceId).toMatch(/^[0-9a-f-]{36}$/);
});
