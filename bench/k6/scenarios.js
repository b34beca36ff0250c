// The benchmark's scenarios, one per run: SCENARIO names it, VUS and DURATION size it, PERSONAS
// is the file `server bench-data` wrote, BASE_URL the server. Only requests tagged measure=yes
// count; tokens come from the server's test token generator and portal sessions from signing in
// through its test identity provider, as a person would.
import http from "k6/http";
import { check, fail } from "k6";

const personas = JSON.parse(open(__ENV.PERSONAS));
const base = __ENV.BASE_URL;
const api = `${base}/api/v1`;

export const options = {
  scenarios: {
    main: {
      executor: "constant-vus",
      vus: Number(__ENV.VUS || 1),
      duration: __ENV.DURATION || "10s",
    },
  },
  summaryTrendStats: ["avg", "min", "med", "p(95)", "p(99)", "max", "count"],
  // Declared so that the summary carries the measured requests on their own.
  thresholds: {
    "http_req_duration{measure:yes}": ["max>=0"],
    "http_req_waiting{measure:yes}": ["max>=0"],
    "http_reqs{measure:yes}": ["count>=0"],
    "checks{measure:yes}": ["rate>=0"],
  },
  setupTimeout: "120s",
  // A signed-in client stays signed in, as a browser does.
  noCookiesReset: true,
};

const query = (pairs) =>
  pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join("&");

function token(path) {
  const response = http.get(`${base}/testtoken/api/${path}`, { tags: { measure: "no" } });
  if (response.status !== 200) fail(`token ${path}: ${response.status} ${response.body}`);
  return response.body;
}

const personal = (pid) => token(`GetPersonalToken?${query([["pid", pid], ["authLvl", "4"], ["scopes", "digdir:dialogporten"]])}`);

function serviceOwner(scopes) {
  const owner = personas.serviceOwner;
  return token(
    `GetEnterpriseToken?${query([["org", owner.org], ["orgNo", owner.organizationNumber], ["scopes", scopes]])}`,
  );
}

const soScopes = "digdir:dialogporten.serviceprovider digdir:dialogporten.serviceprovider.search";
// The service owner's own resources (skd owns the first four).
const ownResources = personas.resources.slice(0, 4);
// What an accountant (REGN) may read: the first six resources.
const accountantResources = personas.resources.slice(0, 6);

function createBody(party, resource) {
  const nb = (value) => ({ value: [{ languageCode: "nb", value }], mediaType: "text/plain" });
  return JSON.stringify({
    serviceResource: resource,
    party,
    status: "InProgress",
    searchTags: [{ value: "benchmark" }],
    content: { title: nb("Skjema for rapportering av lønn"), summary: nb("Frist om to uker. Påkrevd.") },
    attachments: [
      {
        displayName: [{ languageCode: "nb", value: "vedlegg.pdf" }],
        urls: [{ url: "https://example.com/vedlegg.pdf", mediaType: "application/pdf", consumerType: "Gui" }],
      },
    ],
    guiActions: [
      { action: "write", url: "https://example.com/open", priority: "Primary", title: [{ languageCode: "nb", value: "Åpne" }] },
    ],
    apiActions: [
      { action: "write", endpoints: [{ url: "https://example.com/api", httpMethod: "POST" }] },
    ],
    transmissions: [
      { type: "Information", sender: { actorType: "ServiceOwner" }, content: { title: nb("Velkommen"), summary: nb("Første melding") } },
    ],
    activities: [{ type: "Information", performedBy: { actorType: "ServiceOwner" }, description: [{ languageCode: "nb", value: "Opprettet" }] }],
  });
}

const transmissionBody = () =>
  JSON.stringify({
    type: "Information",
    sender: { actorType: "ServiceOwner" },
    content: {
      title: { value: [{ languageCode: "nb", value: "Ny melding" }], mediaType: "text/plain" },
      summary: { value: [{ languageCode: "nb", value: "Oppdatering i saken" }], mediaType: "text/plain" },
    },
  });

const euSearch = (persona, pairs) => ({ pid: persona.pid, url: `${api}/enduser/dialogs?${query(pairs)}` });
const big = personas.organization73k;
const pro10k = personas.professional10k;
const pro50k = personas.professional50k;
const resourcePairs = (resources) => resources.map((resource) => ["serviceResource", resource]);

// Each scenario: an end user's GET (pid), a service owner's GET (so), a create, or a portal page (portal).
const scenarios = {
  "eu-search-citizen": () => euSearch(personas.citizen, [["party", personas.citizen.party]]),
  "eu-search-org-73k": () => euSearch(big, [["party", big.party]]),
  "eu-search-org-73k-common-term": () => euSearch(big, [["party", big.party], ["search", personas.commonTerms[0]]]),
  "eu-search-org-73k-rare-term": () => euSearch(big, [["party", big.party], ["search", personas.rareTerms[0]]]),
  "eu-search-person-73k": () => euSearch(personas.person73k, [["party", personas.person73k.party]]),
  "eu-search-sub-units": () => euSearch(personas.organizationWithSubUnits, [["party", personas.organizationWithSubUnits.party]]),
  "eu-search-pro-10k-all": () => euSearch(pro10k, resourcePairs(accountantResources)),
  "eu-search-pro-10k-100-parties": () => euSearch(pro10k, pro10k.someParties.map((party) => ["party", party])),
  "eu-search-pro-10k-all-common-term": () => euSearch(pro10k, [...resourcePairs(accountantResources), ["search", personas.commonTerms[1]]]),
  "eu-search-pro-10k-all-rare-term": () => euSearch(pro10k, [...resourcePairs(accountantResources), ["search", personas.rareTerms[1]]]),
  "eu-search-pro-50k-all": () => euSearch(pro50k, resourcePairs(accountantResources)),
  "so-search-org": () => ({ so: true, url: `${api}/serviceowner/dialogs` }),
  "so-search-party": () => ({ so: true, url: `${api}/serviceowner/dialogs?${query([["party", big.party]])}` }),
  "so-search-text": () => ({ so: true, url: `${api}/serviceowner/dialogs?${query([["search", personas.commonTerms[0]]])}` }),
  "eu-get-dialog": (iteration) => ({ pid: big.pid, url: `${api}/enduser/dialogs/${big.sampleDialogs[iteration % big.sampleDialogs.length]}` }),
  "so-get-dialog": (iteration) => ({ so: true, url: `${api}/serviceowner/dialogs/${big.sampleDialogs[iteration % big.sampleDialogs.length]}` }),
  "so-create-dialog": (iteration) => ({
    so: true,
    method: "POST",
    url: `${api}/serviceowner/dialogs`,
    body: createBody(big.party, ownResources[iteration % ownResources.length]),
  }),
  "so-create-transmission": (iteration, data) => ({
    so: true,
    method: "POST",
    url: `${api}/serviceowner/dialogs/${data.dialogs[(__VU + iteration) % data.dialogs.length]}/transmissions`,
    body: transmissionBody(),
  }),
  "portal-inbox-citizen": () => ({ portal: personas.citizen.pid, url: `${base}/inbox` }),
  "portal-inbox-org-73k": () => ({ portal: big.pid, url: `${base}/inbox?${query([["party", big.party]])}` }),
  "portal-inbox-pro-10k-all": () => ({ portal: pro10k.pid, url: `${base}/inbox?party=all` }),
  "portal-inbox-pro-50k-all": () => ({ portal: pro50k.pid, url: `${base}/inbox?party=all` }),
  "portal-dialog": (iteration) => ({ portal: big.pid, url: `${base}/inbox/${big.sampleDialogs[iteration % big.sampleDialogs.length]}` }),
};

const scenario = scenarios[__ENV.SCENARIO];
if (!scenario) throw new Error(`unknown SCENARIO ${__ENV.SCENARIO}; one of ${Object.keys(scenarios).join(", ")}`);

export function setup() {
  const probe = scenario(0, { dialogs: [] });
  const data = { tokens: {}, dialogs: [] };
  if (probe.pid) data.tokens[probe.pid] = personal(probe.pid);
  if (probe.so) data.tokens.so = serviceOwner(soScopes);
  if (__ENV.SCENARIO === "so-create-transmission") {
    // Dialogs of the service owner's own to append to, one per client.
    for (let index = 0; index < 8; index++) {
      const response = http.post(`${api}/serviceowner/dialogs`, createBody(big.party, ownResources[0]), {
        headers: { Authorization: `Bearer ${data.tokens.so}`, "Content-Type": "application/json" },
        tags: { measure: "no" },
      });
      if (response.status !== 201) fail(`creating a dialog: ${response.status} ${response.body}`);
      data.dialogs.push(JSON.parse(response.body));
    }
  }
  return data;
}

// Signs in through the test identity provider once per client; the cookie jar keeps the session.
let signedIn = false;
function signIn(pid) {
  const page = http.get(`${base}/auth/login?return_to=%2F`, { tags: { measure: "no" } });
  const fields = {};
  page.html().find("input[type=hidden]").each((_, input) => {
    fields[input.attributes().name.value] = input.attributes().value.value;
  });
  const done = http.post(`${base}/idp/authorize`, { ...fields, pid: "other", other_pid: pid, level: "4" }, { tags: { measure: "no" } });
  if (done.status !== 200) fail(`signing in as ${pid}: ${done.status}`);
  signedIn = true;
}

let iteration = 0;
export default function (data) {
  const request = scenario(iteration++, data);
  const headers = {};
  if (request.pid) headers.Authorization = `Bearer ${data.tokens[request.pid]}`;
  if (request.so) headers.Authorization = `Bearer ${data.tokens.so}`;
  if (request.portal && !signedIn) signIn(request.portal);
  if (request.body) headers["Content-Type"] = "application/json";
  // ACCEPT_ENCODING=br asks for pages as browsers do (k6 asks for none by default).
  if (request.portal && __ENV.ACCEPT_ENCODING) headers["Accept-Encoding"] = __ENV.ACCEPT_ENCODING;
  const params = { headers, tags: { measure: "yes" }, redirects: 0 };
  const response = http.request(request.method || "GET", request.url, request.body || null, params);
  const expected = request.method === "POST" ? 201 : 200;
  check(response, { [`status ${expected}`]: (r) => r.status === expected }, { measure: "yes" });
  if (__ENV.DEBUG && iteration < 6) console.log(`${response.status} ${response.body.length} ${response.timings.duration} ${request.url}`);
  if (response.status !== expected && iteration < 3) {
    console.error(`${__ENV.SCENARIO}: ${response.status} ${String(response.body).slice(0, 300)}`);
  }
}

export function handleSummary(summary) {
  return { [__ENV.SUMMARY]: JSON.stringify(summary) };
}
