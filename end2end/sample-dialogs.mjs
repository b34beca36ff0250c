// Dialogs whose actions, content and attachments go to the sample service owner's system: the
// browser tests create them, and `./dev demo` seeds one for Kari Nordmann.

export const kari = "urn:altinn:person:identifier-no:01018012371";

/** A UUIDv7, as dialog ids are: the actions' URLs carry it, so it is chosen up front. */
export function uuidv7() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const now = BigInt(Date.now());
  for (let i = 0; i < 6; i++) bytes[i] = Number((now >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const nb = (value) => [{ languageCode: "nb", value }];

/**
 * A tax return for Kari with everything the dialog page shows, and actions the sample system
 * accepts, refuses and deletes with (and one Kari may not use). `system` is its base URL.
 */
export function taxReturn(id, title, system) {
  const first = uuidv7();
  return {
    id,
    serviceResource: "urn:altinn:resource:demo-skattemelding",
    party: kari,
    status: "RequiresAttention",
    dueAt: new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString(),
    content: {
      title: { value: nb(title) },
      summary: { value: nb("Se over og send inn skattemeldingen.") },
      extendedStatus: { value: nb("Til kontroll") },
      additionalInfo: {
        mediaType: "text/markdown",
        value: nb("## Slik gjør du\n\nLes **veiledningen** [her](https://skatteetaten.example/veiledning).\n\n- Kontroller inntekt\n- Send inn"),
      },
      mainContentReference: {
        mediaType: "application/vnd.dialogporten.frontchannelembed-url;type=text/markdown",
        value: nb(`${system}/embed/${id}`),
      },
    },
    attachments: [
      {
        displayName: nb("Kvittering 2025"),
        urls: [{ url: `${system}/files/kvittering.pdf`, mediaType: "application/pdf", consumerType: "Gui" }],
      },
      {
        displayName: nb("Gammelt vedlegg"),
        expiresAt: new Date(Date.now() + 1000).toISOString(),
        urls: [{ url: `${system}/files/gammelt.pdf`, mediaType: "application/pdf", consumerType: "Gui" }],
      },
    ],
    guiActions: [
      { action: "write", url: `${system}/dialogs/${id}/reject`, httpMethod: "POST", priority: "Secondary",
        title: nb("Send uten kvittering") },
      { action: "write", url: `${system}/dialogs/${id}/submit`, httpMethod: "POST", priority: "Primary",
        title: nb("Send inn") },
      { action: "write", url: `${system}/dialogs/${id}`, httpMethod: "DELETE", priority: "Tertiary",
        isDeleteDialogAction: true, title: nb("Slett utkastet"), prompt: nb("Vil du slette utkastet? Det kan ikke angres.") },
      { action: "godkjenn-alt", url: `${system}/dialogs/${id}/submit`, httpMethod: "POST", priority: "Tertiary",
        title: nb("Godkjenn for andre") },
    ],
    transmissions: [
      { id: first, type: "Information", sender: { actorType: "ServiceOwner" },
        content: { title: { value: nb("Skattemeldingen er klar") }, summary: { value: nb("Den er forhåndsutfylt.") } },
        navigationalActions: [{ title: nb("Se grunnlaget"), url: `${system}/files/grunnlag.pdf` }] },
      { type: "Submission", relatedTransmissionId: first, sender: { actorType: "PartyRepresentative", actorId: kari },
        content: { title: { value: nb("Spørsmål om fradrag") } } },
    ],
  };
}
