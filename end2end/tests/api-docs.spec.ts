// The API's docs page: readable in a browser with scripts off, and accessible.
import { test, expect, expectAccessible } from "./fixtures";

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a developer finds an operation and its body schema", async ({ page }) => {
    const response = await page.goto("/api/docs");
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dialog hub API");
    await page.getByRole("link", { name: "POST /api/v1/serviceowner/dialogs", exact: true }).click();
    await expect(page).toHaveURL(/#op-V1ServiceOwnerDialogsCommandsCreate_Dialog$/);
    const section = page.locator("#op-V1ServiceOwnerDialogsCommandsCreate_Dialog");
    await expect(section.getByRole("heading", { level: 4, name: "Request body" })).toBeVisible();
    await section.getByRole("link", { name: "CreateDialogRequest" }).click();
    await expect(page.getByRole("heading", { level: 3, name: "CreateDialogRequest" })).toBeInViewport();
  });
});

test("the API docs page has no accessibility violations", async ({ page }) => {
  await page.goto("/api/docs");
  await expectAccessible(page);
});
