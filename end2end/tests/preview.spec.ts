// The service owners' preview: someone who works for Skatteetaten pastes a dialog and sees it as
// its recipient will, or every validation error against its field, with nothing stored; and sees
// an existing dialog as each person acting for its party would. Others are turned away.
import { test, expect, expectAccessible, signIn } from "./fixtures";
import { createDialog, fjordkraft, nb, persons, serviceOwnerToken, uuidv7 } from "./dialogs";

function pasted(id: string) {
  return {
    id,
    serviceResource: "urn:altinn:resource:demo-skattemelding",
    party: persons.kari,
    status: "RequiresAttention",
    content: {
      title: { value: nb("Forhåndsvist skattemelding") },
      summary: { value: nb("Sjekk tallene før fristen.") },
      additionalInfo: { mediaType: "text/markdown", value: nb("## Husk\n\n**Frist** er *30. april*.") },
    },
    attachments: [{ displayName: nb("Veiledning"), urls: [{ url: "https://skatt.example/veiledning.pdf", mediaType: "application/pdf", consumerType: "Gui" }] }],
    guiActions: [{ action: "write", url: "https://skatt.example/send", httpMethod: "POST", priority: "Primary", title: nb("Send inn") }],
  };
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("a pasted dialog is shown as its recipient sees it, and nothing is stored", async ({ page, request }) => {
      await signIn(page, /Siri Saksbehandler/, "/preview");
      await expect(page.getByRole("heading", { level: 1, name: "Forhåndsvis en dialog" })).toBeVisible();
      const id = uuidv7();
      await page.getByLabel("Dialogen som JSON").fill(JSON.stringify(pasted(id), null, 2));
      await page.getByRole("button", { name: "Forhåndsvis" }).click();
      const frame = page.getByRole("region", { name: "Slik ser mottakeren dialogen" });
      await expect(frame.getByRole("heading", { level: 1 })).toHaveText("Forhåndsvist skattemelding");
      await expect(frame.locator(".additional-info strong")).toHaveText("Frist");
      await expect(frame.locator(".sender")).toContainText("Skatteetaten · til Kari Nordmann");
      await expect(frame.getByRole("link", { name: "Veiledning" })).toBeVisible();
      await expect(frame.getByRole("button", { name: "Send inn" })).toHaveAttribute("aria-disabled", "true");
      // What was pasted stays in the form.
      await expect(page.getByLabel("Dialogen som JSON")).toHaveValue(/Forhåndsvist skattemelding/);
      if (javaScriptEnabled) await expectAccessible(page);
      const stored = await request.get(`/api/v1/serviceowner/dialogs/${id}`, {
        headers: { Authorization: `Bearer ${await serviceOwnerToken(request)}` },
      });
      expect(stored.status()).toBe(404);
    });

    test("every validation error is listed against its field", async ({ page }) => {
      await signIn(page, /Siri Saksbehandler/, "/preview");
      const broken = pasted(uuidv7()) as Record<string, unknown>;
      broken.content = { summary: { value: nb("Uten tittel") } };
      broken.guiActions = [
        { action: "write", url: "http://skatt.example/send", priority: "Primary", title: nb("Send inn") },
        { action: "write", url: "https://skatt.example/igjen", priority: "Primary", title: nb("Send igjen") },
      ];
      await page.getByLabel("Dialogen som JSON").fill(JSON.stringify(broken));
      await page.getByRole("button", { name: "Forhåndsvis" }).click();
      const errors = page.locator(".preview-errors");
      await expect(errors.getByRole("heading")).toContainText("Dialogen har feil");
      // The checks' messages in the page's language.
      await expect(errors).toContainText("dto.content: Title må fylles ut.");
      await expect(errors).toContainText("dto.guiActions[0].url: 'Url' er ikke en gyldig https-adresse.");
      await expect(errors).toContainText("Bare én GUI-handling kan ha prioriteten primary.");
      await expect(errors.locator('[lang="en"]')).toHaveCount(0);
      await expect(page.getByRole("region", { name: "Slik ser mottakeren dialogen" })).toHaveCount(0);
      await expect(page.getByLabel("Dialogen som JSON")).toHaveAttribute("aria-invalid", "true");
      if (javaScriptEnabled) await expectAccessible(page);

      // A field that cannot be read at all (an unknown status) hides none of the others.
      broken.status = "Finished";
      broken.progress = "halfway";
      await page.getByLabel("Dialogen som JSON").fill(JSON.stringify(broken));
      await page.getByRole("button", { name: "Forhåndsvis" }).click();
      await expect(errors).toContainText("status: \"Finished\" er ikke gyldig som status.");
      // A message without a translation is shown as written, marked as English for screen readers.
      await expect(errors.locator('[lang="en"]')).toContainText("halfway");
      await expect(errors).toContainText("dto.content: Title må fylles ut.");
      await expect(errors).toContainText("dto.guiActions[0].url: 'Url' er ikke en gyldig https-adresse.");
      await expect(errors).toContainText("Bare én GUI-handling kan ha prioriteten primary.");

      await page.getByLabel("Dialogen som JSON").fill("{ not json");
      await page.getByRole("button", { name: "Forhåndsvis" }).click();
      await expect(errors).toContainText("Dette er ikke gyldig JSON");
    });
  });
}

test("an existing dialog is shown as each person acting for the party sees it, without being marked seen", async ({ page, request }) => {
  const id = await createDialog(request, () => ({
    serviceResource: "urn:altinn:resource:demo-mva-melding",
    party: fjordkraft,
    content: { title: { value: nb("Mva-melding til signering") } },
    guiActions: [
      { action: "sign", authorizationAttribute: "urn:altinn:task:signering", url: "https://skatt.example/signer",
        priority: "Primary", title: nb("Signer") },
      { action: "read", url: "https://skatt.example/les", priority: "Secondary", title: nb("Les") },
    ],
  }));
  await signIn(page, /Siri Saksbehandler/, "/preview");
  await page.getByRole("link", { name: "Mva-melding til signering" }).first().click();
  await expect(page).toHaveURL(new RegExp(`/preview/dialogs/${id}`));
  await expect(page.locator(".preview-banner")).toContainText("Fjordkraft Demo AS");
  await expect(page.getByRole("button", { name: "Signer" })).toHaveAttribute("aria-disabled", "true");

  await page.getByLabel("Vis som").selectOption({ label: "Ingrid Berg" });
  await page.getByRole("button", { name: "Vis", exact: true }).click();
  await expect(page.locator(".preview-banner")).toContainText("Ingrid Berg");
  await expect(page.getByRole("button", { name: "Signer" })).toBeDisabled();
  await expect(page.getByText("Du har ikke tilgang til denne handlingen.")).toBeVisible();

  await page.getByLabel("Vis som").selectOption({ label: "Ola Hansen" });
  await page.getByRole("button", { name: "Vis", exact: true }).click();
  await expect(page.locator(".preview-banner")).toContainText("Ola Hansen");
  // Ola may sign: the action is shown as in his inbox (not sendable from a preview).
  await expect(page.getByRole("button", { name: "Signer" })).toHaveAttribute("aria-disabled", "true");
  await expect(page.getByRole("button", { name: "Signer" })).not.toHaveAttribute("disabled");
  await expect(page.getByText("Du har ikke tilgang til denne handlingen.")).toHaveCount(0);
  await expectAccessible(page);

  const seen = await request.get(`/api/v1/serviceowner/dialogs/${id}/seenlog`, {
    headers: { Authorization: `Bearer ${await serviceOwnerToken(request)}` },
  });
  expect(await seen.json()).toEqual([]);
});

test("people who do not work for a service owner are turned away", async ({ page, request }) => {
  await signIn(page, /Kari Nordmann/, "/preview");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Du representerer ingen tjenesteeier");
  const other = await createDialog(request, () => ({
    serviceResource: "urn:altinn:resource:demo-skattemelding",
    content: { title: { value: nb("Ikke din") } },
  }));
  const response = await page.goto(`/preview/dialogs/${other}`);
  expect(response?.status()).toBe(403);
});
