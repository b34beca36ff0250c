// Creating dialogs as a service owner would, through the service-owner API with a token from the
// server's test token generator, pointing at the sample service owner's system.
import type { APIRequestContext } from "@playwright/test";
import { serviceOwnerURL } from "../playwright.config";
import { kari, nb, taxReturn as sampleTaxReturn, uuidv7 } from "../sample-dialogs.mjs";

export { nb, uuidv7 };

export const persons = {
  kari,
  ola: "urn:altinn:person:identifier-no:15057523414",
};
export const fjordkraft = "urn:altinn:organization:identifier-no:310778737";

export async function serviceOwnerToken(request: APIRequestContext, org = "skd", orgNo = "974761076") {
  const response = await request.get(
    `/testtoken/api/GetEnterpriseToken?org=${org}&orgNo=${orgNo}&scopes=digdir:dialogporten.serviceprovider`,
  );
  if (!response.ok()) throw new Error(`test token: ${response.status()}`);
  return response.text();
}

/** Creates a dialog and returns its id; `dialog` gives its fields (by default Kari's, under the tax return resource). */
export async function createDialog(
  request: APIRequestContext,
  dialog: (id: string) => Record<string, unknown>,
  [org, orgNo] = ["skd", "974761076"],
) {
  const id = uuidv7();
  const response = await request.post("/api/v1/serviceowner/dialogs", {
    headers: { Authorization: `Bearer ${await serviceOwnerToken(request, org, orgNo)}` },
    data: { id, serviceResource: "urn:altinn:resource:demo-skattemelding", party: persons.kari, ...dialog(id) },
  });
  if (response.status() !== 201) throw new Error(`create: ${response.status()} ${await response.text()}`);
  return id;
}

/** A tax return for Kari pointing at the sample service owner's system (see sample-dialogs.mjs). */
export function taxReturn(title: string) {
  return (id: string) => sampleTaxReturn(id, title, serviceOwnerURL);
}

export async function receivedBySample(request: APIRequestContext) {
  const response = await request.get(`${serviceOwnerURL}/received`, { ignoreHTTPSErrors: true });
  return (await response.json()) as { method: string; path: string; verified: boolean; claims?: Record<string, string> }[];
}
