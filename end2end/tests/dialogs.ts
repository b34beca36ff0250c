// Creating dialogs as a service owner would, through the service-owner API with a token from the
// server's test token generator, pointing at the sample service owner's system.
import type { APIRequestContext } from "@playwright/test";
import { serviceOwnerURL } from "../playwright.config";

export const persons = {
  kari: "urn:altinn:person:identifier-no:01018012371",
  ola: "urn:altinn:person:identifier-no:15057523414",
};
export const fjordkraft = "urn:altinn:organization:identifier-no:310778737";

/** A UUIDv7, as dialog ids are: the actions' URLs carry it, so it is chosen up front. */
export function uuidv7(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const now = BigInt(Date.now());
  for (let i = 0; i < 6; i++) bytes[i] = Number((now >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const nb = (value: string) => [{ languageCode: "nb", value }];

export async function serviceOwnerToken(request: APIRequestContext, org = "skd", orgNo = "974761076") {
  const response = await request.get(
    `/testtoken/api/GetEnterpriseToken?org=${org}&orgNo=${orgNo}&scopes=digdir:dialogporten.serviceprovider`,
  );
  if (!response.ok()) throw new Error(`test token: ${response.status()}`);
  return response.text();
}

/** Creates a dialog and returns its id; `dialog` is merged over a tax return for Kari. */
export async function createDialog(request: APIRequestContext, dialog: (id: string) => Record<string, unknown>) {
  const id = uuidv7();
  const response = await request.post("/api/v1/serviceowner/dialogs", {
    headers: { Authorization: `Bearer ${await serviceOwnerToken(request)}` },
    data: { id, serviceResource: "urn:altinn:resource:demo-skattemelding", party: persons.kari, ...dialog(id) },
  });
  if (response.status() !== 201) throw new Error(`create: ${response.status()} ${await response.text()}`);
  return id;
}

/** A dialog with everything the page shows, and actions the sample system accepts, refuses and deletes with. */
export function taxReturn(title: string) {
  const first = uuidv7();
  return (id: string) => ({
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
        value: nb(`${serviceOwnerURL}/embed/${id}`),
      },
    },
    attachments: [
      {
        displayName: nb("Kvittering 2025"),
        urls: [{ url: `${serviceOwnerURL}/files/kvittering.pdf`, mediaType: "application/pdf", consumerType: "Gui" }],
      },
      {
        displayName: nb("Gammelt vedlegg"),
        expiresAt: new Date(Date.now() + 1000).toISOString(),
        urls: [{ url: `${serviceOwnerURL}/files/gammelt.pdf`, mediaType: "application/pdf", consumerType: "Gui" }],
      },
    ],
    guiActions: [
      { action: "write", url: `${serviceOwnerURL}/dialogs/${id}/reject`, httpMethod: "POST", priority: "Secondary",
        title: nb("Send uten kvittering") },
      { action: "write", url: `${serviceOwnerURL}/dialogs/${id}/submit`, httpMethod: "POST", priority: "Primary",
        title: nb("Send inn") },
      { action: "write", url: `${serviceOwnerURL}/dialogs/${id}`, httpMethod: "DELETE", priority: "Tertiary",
        isDeleteDialogAction: true, title: nb("Slett utkastet"), prompt: nb("Vil du slette utkastet? Det kan ikke angres.") },
      { action: "godkjenn-alt", url: `${serviceOwnerURL}/dialogs/${id}/submit`, httpMethod: "POST", priority: "Tertiary",
        title: nb("Godkjenn for andre") },
    ],
    transmissions: [
      { id: first, type: "Information", sender: { actorType: "ServiceOwner" },
        content: { title: { value: nb("Skattemeldingen er klar") }, summary: { value: nb("Den er forhåndsutfylt.") } } },
      { type: "Submission", relatedTransmissionId: first, sender: { actorType: "PartyRepresentative", actorId: persons.kari },
        content: { title: { value: nb("Spørsmål om fradrag") } } },
    ],
  });
}

export async function receivedBySample(request: APIRequestContext) {
  const response = await request.get(`${serviceOwnerURL}/received`, { ignoreHTTPSErrors: true });
  return (await response.json()) as { method: string; path: string; verified: boolean; claims?: Record<string, string> }[];
}
