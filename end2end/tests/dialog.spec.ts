// The dialog page as a citizen uses it: content and markdown, embedded content fetched with the
// dialog token, attachments, write actions that the sample service owner's system accepts,
// refuses and deletes with, and the activity and seen-by lists, with JavaScript on and off.
import { test, expect, expectAccessible, expectHydrated, signIn } from "./fixtures";
import { createDialog, fjordkraft, nb, persons, receivedBySample, taxReturn } from "./dialogs";

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("a citizen reads a dialog, downloads an attachment and sends, is refused and deletes", async ({ page, request }) => {
  const id = await createDialog(request, taxReturn("Skattemeldingen for 2025"));
  await wait(1100); // one attachment expires after a second
  await signIn(page, /Kari Nordmann/, `/inbox/${id}`);
  await expectHydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Skattemeldingen for 2025");
  await expect(page.locator(".dialog-header .extended-status")).toHaveText("Til kontroll");
  await expect(page.locator(".dialog-header .due")).toContainText("Fristen nærmer seg");

  // Markdown, through the safe path.
  const more = page.locator(".additional-info");
  await expect(more.getByRole("heading", { name: "Slik gjør du" })).toBeVisible();
  await expect(more.locator("strong")).toHaveText("veiledningen");
  await expect(more.getByRole("link", { name: "her" })).toHaveAttribute("rel", "noopener noreferrer");

  // The embed was fetched with a dialog token that names Kari; its script is only text.
  await expect(page.locator(".main-content")).toContainText(`Hentet med dialogtoken for ${persons.kari}`);
  await expect(page.locator(".main-content")).toContainText("<script>");
  expect(await page.evaluate(() => (window as { __embedScriptRan?: boolean }).__embedScriptRan)).toBeUndefined();

  // Attachments: one to download, one expired and not a link.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Kvittering 2025" }).click();
  expect((await download).suggestedFilename()).toBe("kvittering.pdf");
  await expect(page.locator(".attachments li", { hasText: "Kvittering 2025" })).toContainText("PDF 29 B");
  await expect(page.locator(".attachments .unavailable")).toContainText("Gammelt vedlegg");
  await expect(page.getByRole("link", { name: "Gammelt vedlegg" })).toHaveCount(0);

  // Messages in a thread, the reply under what it answers.
  const thread = page.locator(".transmissions .thread").first();
  await expect(thread.locator(".transmission")).toHaveCount(2);
  await expect(thread.locator(".transmission.depth-1")).toContainText("Spørsmål om fradrag");
  await expect(thread.getByRole("link", { name: "Se grunnlaget" })).toHaveAttribute("href", /grunnlag\.pdf$/);

  // Actions by priority; the one Kari may not use is disabled with a reason.
  const actions = page.locator(".actions .action");
  await expect(actions.first()).toContainText("Send inn");
  await expect(page.getByRole("button", { name: "Godkjenn for andre" })).toBeDisabled();
  await expect(page.getByText("Du har ikke tilgang til denne handlingen.")).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/dialog-desktop.png", fullPage: true });
  await page.setViewportSize({ width: 320, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth), "no sideways scrolling").toBeLessThanOrEqual(320);
  await page.screenshot({ path: "test-results/dialog-mobile.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  // Accepted: the service owner's system verified the token and recorded the submission.
  await page.getByRole("button", { name: "Send inn", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Handlingen er utført.");
  await expect(page.locator(".activity-log")).toContainText("Skjemaet ble sendt inn av Kari Nordmann");
  const submitted = (await receivedBySample(request)).filter((entry) => entry.path === `/dialogs/${id}/submit`);
  expect(submitted).toHaveLength(1);
  expect(submitted[0]).toMatchObject({ method: "POST", verified: true, claims: { c: persons.kari, i: id } });

  // Refused: the problem in plain words.
  await page.getByRole("button", { name: "Send uten kvittering" }).click();
  await expect(page.getByRole("status")).toHaveText(
    "Tjenesten avviste handlingen. Skjemaet mangler vedlegg – Last opp kvitteringen før du sender inn.",
  );

  // Delete asks first, in a dialog with the service owner's question.
  await page.getByRole("button", { name: "Slett utkastet" }).click();
  const confirm = page.getByRole("dialog", { name: "Slett utkastet" });
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText("Vil du slette utkastet? Det kan ikke angres.");
  await expectAccessible(page);
  await confirm.getByRole("button", { name: "Avbryt" }).click();
  await expect(confirm).toBeHidden();
  await page.getByRole("button", { name: "Slett utkastet" }).click();
  await confirm.getByRole("button", { name: "Ja, fortsett" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Meldingen er slettet");
  const deleted = (await receivedBySample(request)).filter((entry) => entry.method === "DELETE" && entry.path === `/dialogs/${id}`);
  expect(deleted).toMatchObject([{ verified: true }]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("actions go through the server's relay, and delete asks first", async ({ page, request }) => {
    const id = await createDialog(request, taxReturn("Skattemelding uten skript"));
    await signIn(page, /Kari Nordmann/, `/inbox/${id}`);
    await page.getByRole("button", { name: "Send inn", exact: true }).click();
    await expect(page.getByRole("status")).toHaveText("Handlingen er utført.");
    await expect(page.locator(".activity-log")).toContainText("Skjemaet ble sendt inn av Kari Nordmann");
    await page.getByRole("button", { name: "Send uten kvittering" }).click();
    await expect(page.getByRole("status")).toHaveText("Tjenesten avviste handlingen.");
    await page.getByRole("button", { name: "Slett utkastet" }).click();
    const panel = page.getByRole("region", { name: "Slett utkastet" });
    await expect(panel).toContainText("Vil du slette utkastet? Det kan ikke angres.");
    await panel.getByRole("button", { name: "Ja, fortsett" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Meldingen er slettet");
    const relayed = (await receivedBySample(request)).filter((entry) => entry.path.startsWith(`/dialogs/${id}`));
    expect(relayed.map((entry) => [entry.method, entry.verified])).toEqual([
      ["POST", true],
      ["POST", true],
      ["DELETE", true],
    ]);
  });
});

test("seen by lists who has opened the dialog, you first", async ({ browser, request }) => {
  const id = await createDialog(request, () => ({
    serviceResource: "urn:altinn:resource:demo-mva-melding",
    party: fjordkraft,
    content: { title: { value: nb("Mva-melding for 5. termin") } },
  }));
  const ola = await browser.newPage();
  await signIn(ola, /Ola Hansen/, `/inbox/${id}`);
  await expect(ola.locator(".seen-by")).toContainText("Deg");
  const ingrid = await browser.newPage();
  await signIn(ingrid, /Ingrid Berg/, `/inbox/${id}`);
  const seen = ingrid.locator(".seen-by li");
  await expect(seen).toHaveCount(2);
  await expect(seen.first()).toContainText("Deg");
  await expect(seen.nth(1)).toContainText("Ola Hansen");
  await ola.reload();
  await expect(ola.locator(".seen-by li").nth(1)).toContainText("Ingrid Berg");
  await expect(ola.getByRole("link", { name: /Tilbake til innboksen/ })).toHaveAttribute("href", /party=urn/);
  await ola.close();
  await ingrid.close();
});

test("a dialog opens from the inbox in place and leads back to it", async ({ page, request }) => {
  const id = await createDialog(request, taxReturn("Skattemelding fra innboksen"));
  await signIn(page, /Kari Nordmann/, "/inbox");
  await expectHydrated(page);
  await page.getByRole("link", { name: /Skattemelding fra innboksen/ }).first().click();
  await expect(page).toHaveURL(new RegExp(`/inbox/${id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Skattemelding fra innboksen");
  await expect(page.locator(".main-content")).toContainText(`Hentet med dialogtoken for ${persons.kari}`);
  await page.getByRole("link", { name: /Tilbake til innboksen/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Innboksen til Kari Nordmann");
});

test("a dialog is archived from its page, and the inbox offers to undo it", async ({ page, request }) => {
  const id = await createDialog(request, taxReturn("Skattemelding til arkivet"));
  await signIn(page, /Kari Nordmann/, `/inbox/${id}`);
  await page.getByRole("button", { name: "Arkiver" }).click();
  await expect(page).toHaveURL(/\/inbox$/);
  await expect(page.getByRole("status")).toContainText("Flyttet til arkivet.");
  await page.goto(`/inbox/${id}`);
  await expect(page.locator(".dialog-header .badge")).toHaveText("Arkivert");
  await expect(page.getByRole("button", { name: "Flytt til innboksen" })).toBeVisible();
});

test("a service that needs the high security level offers to sign in again at it", async ({ page, request }) => {
  const id = await createDialog(
    request,
    () => ({ serviceResource: "urn:altinn:resource:demo-sykepenger", content: { title: { value: nb("Søknad om sykepenger") } } }),
    ["nav", "889640782"],
  );
  await signIn(page, /Kari Nordmann/, `/inbox/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Du må logge inn med høyere sikkerhetsnivå");
  const session = async () => (await page.context().cookies()).find((cookie) => cookie.name === "dialoghub_session")?.value;
  const before = await session();
  await page.getByRole("link", { name: "Logg inn med høyere sikkerhetsnivå" }).click();
  await expect(page.getByLabel(/High/)).toBeChecked();
  await page.getByRole("button", { name: /Kari Nordmann/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Søknad om sykepenger");
  // The weaker session ended with the new sign-in.
  expect(await session()).not.toBe(before);
  const old = await request.get("/inbox", { headers: { Cookie: `dialoghub_session=${before}` } });
  expect(await old.text()).toContain("Logg inn for å se innboksen");
});

test("a stranger cannot open someone else's dialog", async ({ page, request }) => {
  const id = await createDialog(request, taxReturn("Kari sin skattemelding"));
  await signIn(page, /Per Uten Rettigheter/, `/inbox/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Du har ikke tilgang til meldingen");
  await expect(page.getByText("Kari sin skattemelding")).toHaveCount(0);
});

test("a dialog prints with its messages, when and for whom it was fetched, and without the tools", async ({ page, request }) => {
  const id = await createDialog(request, taxReturn("Skattemelding på papir"));
  await signIn(page, /Kari Nordmann/, `/inbox/${id}`);
  await expectHydrated(page);
  // The button prints the page (recorded here instead of opening the print dialog).
  await page.evaluate(() => { window.print = () => { (window as unknown as { printed: boolean }).printed = true; }; });
  await page.getByRole("button", { name: "Skriv ut" }).click();
  expect(await page.evaluate(() => (window as unknown as { printed?: boolean }).printed)).toBe(true);
  const printed = page.locator(".printed");
  await expect(printed).toBeHidden();

  await page.emulateMedia({ media: "print" });
  await expect(printed).toBeVisible();
  await expect(printed).toHaveText(/^Hentet \d{4}-\d{2}-\d{2} \d{2}:\d{2} for Kari Nordmann$/);
  await expect(page.locator(".transmissions .transmission").first()).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Skattemelding på papir");
  for (const tool of [page.getByRole("button", { name: "Skriv ut" }), page.getByRole("button", { name: "Arkiver" }), page.getByRole("button", { name: "Logg ut" }), page.locator(".actions")]) {
    await expect(tool).toBeHidden();
  }
});
