// The inbox as people use it: acting for an organisation, searching, archiving with undo, and
// no way to see an organisation's dialogs without rights, with JavaScript on and off.
import { test, expect, expectAccessible, expectHydrated, signIn } from "./fixtures";
import { readFileSync } from "node:fs";
import { createDialog, fjordkraft, nb, taxReturn } from "./dialogs";

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a general manager switches to the company", async ({ page }) => {
    await signIn(page, /Ola Hansen/);
    await page.getByLabel("Vis innboksen til").selectOption({ label: "Fjordkraft Demo AS" });
    await page.getByRole("button", { name: "Bytt" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Innboksen til Fjordkraft Demo AS");
    await page.getByLabel("Søk", { exact: true }).fill("mva");
    await page.getByRole("button", { name: "Søk", exact: true }).click();
    await expect(page).toHaveURL(/party=urn.*q=mva/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Innboksen til Fjordkraft Demo AS");
  });
});

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

const words = {
  nb: { archive: /^Arkiver/, archived: "Flyttet til arkivet.", archiveFolder: /^Arkiv \(/, restore: /^Gjenopprett/,
    restored: "Flyttet tilbake til innboksen.", inboxFolder: /^Innboks \(/, undo: "Angre" },
  en: { archive: /^Archive/, archived: "Moved to the archive.", archiveFolder: /^Archive \(/, restore: /^Restore/,
    restored: "Moved back to the inbox.", inboxFolder: /^Inbox \(/, undo: "Undo" },
};

for (const javaScriptEnabled of [true, false]) {
  for (const locale of ["nb", "en"] as const) {
    test.describe(`in ${locale} with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
      test.use({ javaScriptEnabled, locale });

      test("archiving a dialog moves it to the archive, and restore and undo bring it back", async ({ page }) => {
        const say = words[locale];
        await signIn(page, /Kari Nordmann/);
        const first = page.locator(".messages .inbox-row").first();
        const href = await first.locator(".row-title a").getAttribute("href");
        const listed = page.locator(`.messages a[href="${href}"]`);
        if (javaScriptEnabled) {
          await expectHydrated(page);
          // A mark that a page load would wipe: the action must update the page in place.
          await page.evaluate(() => Object.assign(window, { sameDocument: true }));
        }
        await first.getByRole("button", { name: say.archive }).click();
        await expect(page.getByRole("status")).toContainText(say.archived);
        if (javaScriptEnabled) {
          expect(await page.evaluate(() => "sameDocument" in window)).toBe(true);
        }
        await expect(listed).toHaveCount(0);
        await page.getByRole("link", { name: say.archiveFolder }).click();
        await expect(listed).toHaveCount(1);
        await listed.locator("xpath=ancestor::li").getByRole("button", { name: say.restore }).click();
        await expect(page.getByRole("status")).toContainText(say.restored);
        await expect(listed).toHaveCount(0);
        await page.getByRole("link", { name: say.inboxFolder }).click();
        await expect(listed).toHaveCount(1);
        await page.locator(".messages .inbox-row").first().getByRole("button", { name: say.archive }).click();
        await page.getByRole("button", { name: say.undo }).click();
        await expect(page.getByRole("status")).toContainText(say.restored);
        await expect(page.locator(".messages .inbox-row").first().locator(".row-title a")).toHaveAttribute("href", href ?? "");
      });
    });
  }
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

test("the party list can be narrowed by name, and the page grouped by status", async ({ page }) => {
  await signIn(page, /Ola Hansen/);
  await page.getByLabel("Finn aktør (navn eller nummer)").fill("bergen");
  await page.getByRole("button", { name: "Finn", exact: true }).click();
  const options = page.getByLabel("Vis innboksen til").locator("option");
  await expect(options).toHaveText(["Ola Hansen", "— Fjordkraft Demo AS avd. Bergen"]);
  await page.getByLabel("Vis innboksen til").selectOption({ label: "— Fjordkraft Demo AS avd. Bergen" });
  await page.getByRole("button", { name: "Bytt" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Innboksen til Fjordkraft Demo AS avd. Bergen");

  await page.goto("/inbox");
  await page.getByRole("link", { name: "status", exact: true }).click();
  await expect(page).toHaveURL(/group=status/);
  const headings = await page.locator(".messages h3").allInnerTexts();
  const order = ["Krever handling", "Under arbeid", "Venter", "Utkast", "Ingen status", "Fullført"];
  const positions = headings.map((heading) => order.indexOf(heading));
  expect(positions.every((position) => position >= 0)).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  await expectAccessible(page);
});

test("several dialogs are archived at once, and a status filter narrows the list", async ({ page }) => {
  await signIn(page, /Kari Nordmann/);
  const rows = page.locator(".messages .inbox-row");
  const hrefs = [await rows.nth(0).locator(".row-title a").getAttribute("href"), await rows.nth(1).locator(".row-title a").getAttribute("href")];
  await rows.nth(0).getByRole("checkbox").check();
  await rows.nth(1).getByRole("checkbox").check();
  await page.getByRole("button", { name: "Arkiver valgte" }).click();
  await expect(page.getByRole("status")).toContainText("Flyttet til arkivet.");
  for (const href of hrefs) {
    await expect(page.locator(`.messages a[href="${href}"]`)).toHaveCount(0);
  }
  await page.getByRole("button", { name: "Angre" }).click();
  for (const href of hrefs) {
    await expect(page.locator(`.messages a[href="${href}"]`)).toHaveCount(1);
  }

  await page.getByLabel("Status").selectOption({ label: "Fullført" });
  await page.getByRole("button", { name: "Søk", exact: true }).click();
  await expect(page).toHaveURL(/status=Completed/);
  // The list in place may still be the last one while the next is fetched.
  await expect.poll(async () => new Set(await page.locator(".messages .status").allInnerTexts())).toEqual(new Set(["Fullført"]));
});

test("a completed dialog with a near deadline does not ask for attention", async ({ page, request }) => {
  const stamp = Date.now();
  // Sooner than the sample tax returns other tests leave in the attention section.
  const due = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
  const titled = (title: string, status: string) => (id: string) => ({
    ...taxReturn(title)(id),
    status,
    dueAt: due,
  });
  await createDialog(request, titled(`Ferdig sak ${stamp}`, "Completed"));
  await createDialog(request, titled(`Åpen sak ${stamp}`, "InProgress"));
  await signIn(page, /Kari Nordmann/);
  const attention = page.locator(".attention");
  await expect(attention.getByText(`Åpen sak ${stamp}`)).toBeVisible();
  await expect(attention.getByText(`Ferdig sak ${stamp}`)).toHaveCount(0);
  const done = page.locator(".messages .inbox-row", { hasText: `Ferdig sak ${stamp}` });
  await expect(done).toBeVisible();
  await expect(done.locator(".due-soon")).toHaveCount(0);
  const open = page.locator(".messages .inbox-row", { hasText: `Åpen sak ${stamp}` });
  await expect(open.locator(".due-soon")).toHaveCount(1);
});

test("a citizen who acts only for herself gets no party switcher", async ({ page }) => {
  await signIn(page, /Kari Nordmann/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Innboksen til Kari Nordmann");
  await expect(page.getByLabel("Vis innboksen til")).toHaveCount(0);
  await expect(page.getByRole("search", { name: "Finn aktør" })).toHaveCount(0);
  await expect(page.locator(".messages .inbox-row").first()).toBeVisible();
});

test.describe("the fields follow the address", () => {
  test("Nullstill empties every field, and Back and Forward bring the fields with the address", async ({ page }) => {
    await signIn(page, /Kari Nordmann/);
    await expectHydrated(page);
    const search = page.getByLabel("Søk", { exact: true });
    const status = page.getByLabel("Status");
    await search.fill("skatt");
    await status.selectOption({ label: "Fullført" });
    await page.getByRole("button", { name: "Søk", exact: true }).click();
    await expect(page).toHaveURL(/\?q=skatt&status=Completed$/);

    await page.getByRole("link", { name: "Nullstill" }).click();
    await expect(page).toHaveURL(/\/inbox$/);
    await expect(search).toHaveValue("");
    await expect(status).toHaveValue("");
    // The next search does not bring the old status back.
    await search.fill("melding");
    await page.getByRole("button", { name: "Søk", exact: true }).click();
    await expect(page).toHaveURL(/\/inbox\?q=melding$/);

    await page.goBack();
    await expect(page).toHaveURL(/\/inbox$/);
    await expect(search).toHaveValue("");
    await page.goBack();
    await expect(page).toHaveURL(/q=skatt&status=Completed$/);
    await expect(search).toHaveValue("skatt");
    await expect(status).toHaveValue("Completed");
    await page.goForward();
    await expect(search).toHaveValue("");
    await expect(status).toHaveValue("");
  });

  test("addresses made by the forms carry no empty or nameless fields", async ({ page }) => {
    await signIn(page, /Ola Hansen/);
    await expectHydrated(page);
    await page.getByLabel("Vis innboksen til").selectOption({ label: "Fjordkraft Demo AS" });
    await page.getByRole("button", { name: "Bytt" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Innboksen til Fjordkraft Demo AS");
    expect(new URL(page.url()).search).toMatch(/^\?party=[^&=]+$/);
    await page.getByLabel("Søk", { exact: true }).fill("mva");
    await page.getByRole("button", { name: "Søk", exact: true }).click();
    await expect(page).toHaveURL(/q=mva/);
    expect(new URL(page.url()).search).toMatch(/^\?party=[^&=]+&q=mva$/);
  });

  test("the party finder keeps whose inbox it is chosen, and switching clears the finder", async ({ page }) => {
    await signIn(page, /Ola Hansen/);
    await expectHydrated(page);
    const chooser = page.getByLabel("Vis innboksen til");
    await chooser.selectOption({ label: "Alle virksomheter" });
    await page.getByRole("button", { name: "Bytt" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Innboksen til alle virksomheter");

    const finder = page.getByLabel("Finn aktør (navn eller nummer)");
    await finder.fill("oslo");
    await page.getByRole("button", { name: "Finn", exact: true }).click();
    await expect(page).toHaveURL(/find=oslo/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Innboksen til alle virksomheter");
    await expect(chooser).toHaveValue("all");
    // "Bytt" with nothing else chosen stays where the heading says.
    await page.getByRole("button", { name: "Bytt" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Innboksen til alle virksomheter");

    await finder.fill("oslo");
    await page.getByRole("button", { name: "Finn", exact: true }).click();
    await expect(page).toHaveURL(/find=oslo/);
    await chooser.selectOption({ label: "— Fjordkraft Demo AS avd. Oslo" });
    await page.getByRole("button", { name: "Bytt" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Innboksen til Fjordkraft Demo AS avd. Oslo");
    await expect(page).not.toHaveURL(/find=/);
    await expect(finder).toHaveValue("");
  });
});

test("a dialog that needs a higher security level says so in the list, before it is opened", async ({ page }) => {
  await signIn(page, /Kari Nordmann/);
  const row = page.locator(".inbox-row", { hasText: "Søknad om sykepenger" }).first();
  await expect(row.locator(".higher-level")).toHaveText("Krever innlogging med høyere sikkerhetsnivå");
  await expect(row.getByRole("link", { name: /Søknad om sykepenger/ })).toHaveAccessibleDescription(
    "Krever innlogging med høyere sikkerhetsnivå",
  );
  // A dialog whose service asks for no more than the sign-in gives has no such mark.
  const plain = page.locator(".inbox-row", { hasText: "Skattemelding for 2022" }).first();
  await expect(plain.locator(".higher-level")).toHaveCount(0);
});

test("the sender filter offers only the senders the inbox has dialogs from", async ({ page, request }) => {
  const kystbygg = "urn:altinn:organization:identifier-no:314876520";
  await signIn(page, /Sofie Lind/);
  await page.goto(`/inbox?party=${encodeURIComponent(kystbygg)}`);
  const senders = () => page.getByLabel("Avsender").locator("option").allTextContents();
  // Kystbygg has mail and grants from Digdir, and nothing from Skatteetaten.
  expect(await senders()).toContain("Digitaliseringsdirektoratet");
  expect(await senders()).not.toContain("Skatteetaten");
  // Its first dialog from NAV makes NAV a sender at once.
  await createDialog(
    request,
    () => ({
      serviceResource: "urn:altinn:resource:demo-arbeidsforhold",
      party: kystbygg,
      content: { title: { value: nb(`Arbeidsforhold for Kystbygg ${Date.now()}`) } },
    }),
    ["nav", "889640782"],
  );
  await page.reload();
  expect(await senders()).toContain("Arbeids- og velferdsetaten");
  expect(await senders()).not.toContain("Skatteetaten");
});

test("a business representative downloads the whole search as a spreadsheet", async ({ page }) => {
  await signIn(page, /Ola Hansen/);
  await page.goto(`/inbox?party=${encodeURIComponent(fjordkraft)}`);
  await expectHydrated(page);
  const downloaded = page.waitForEvent("download");
  await page.getByRole("link", { name: "Last ned som regneark (CSV)" }).click();
  const download = await downloaded;
  expect(download.suggestedFilename()).toBe("innboks.csv");
  const bytes = readFileSync(await download.path());
  // A byte-order mark first, so that a spreadsheet reads the letters as UTF-8.
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [head, ...rows] = bytes.subarray(3).toString("utf8").trim().split("\n");
  expect(head).toBe("Tittel;Avsender;Mottaker;Organisasjonsnummer;Status;Oppdatert;Frist;Ulest;Dialog-ID");
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(row).toContain(";Fjordkraft Demo AS;310778737;");
});

test("a read dialog is marked as unread from its row", async ({ page, request }) => {
  const title = `Melding å lese og merke som ulest ${Date.now()}`;
  const id = await createDialog(request, () => ({ status: "InProgress", content: { title: { value: nb(title) } } }));
  await signIn(page, /Kari Nordmann/, `/inbox/${id}`);
  await page.goto("/inbox");
  await expectHydrated(page);
  const row = page.locator(".messages .inbox-row", { hasText: title });
  await expect(row).not.toHaveClass(/unread/);
  await row.getByRole("button", { name: /^Marker som ulest/ }).click();
  await expect(page.locator("#done-message")).toHaveText("Markert som ulest.");
  await expect(row).toHaveClass(/unread/);
  // An unread row offers no such thing.
  await expect(row.getByRole("button", { name: /^Marker som ulest/ })).toHaveCount(0);
});
