// A sample service owner's system, as the browser tests and the demo use it. It verifies every
// dialog token against the dialog hub's JWKS (signature, issuer, expiry, dialog id, action),
// answers write actions and a front-channel embed, serves attachment files, and reports what it
// received at GET /received. Served over https with the certificate `certificates.mjs` makes.
//
//   POST   /dialogs/{id}/submit   accepted; records a FormSubmitted activity on the dialog
//   POST   /dialogs/{id}/reject   refused with a problem (422)
//   DELETE /dialogs/{id}          deletes the dialog through the service-owner API
//   GET    /embed/{id}            markdown for the dialog's main content
//   GET    /files/{name}          an attachment (HEAD for its size)
//
// With SEED_DEMO=true it also creates a dialog for Kari Nordmann that points here, once the
// portal is up (what `./dev demo` does).
import https from "node:https";
import { readFileSync } from "node:fs";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { taxReturn, uuidv7 } from "./sample-dialogs.mjs";

const port = Number(process.env.SO_PORT ?? 3300);
const portal = process.env.PORTAL_URL ?? "http://127.0.0.1:3100";
const allowedOrigins = (process.env.ALLOWED_ORIGINS ?? portal).split(",");
const certificates = process.env.CERT_DIR ?? "test-results/certificates";
const org = process.env.SO_ORG ?? "skd";
const orgNumber = process.env.SO_ORG_NUMBER ?? "974761076";

const issuer = `${portal}/api/v1`;
const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
const received = [];

async function serviceOwnerToken() {
  const url = `${portal}/testtoken/api/GetEnterpriseToken?org=${org}&orgNo=${orgNumber}&scopes=digdir:dialogporten.serviceprovider`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`test token: ${response.status}`);
  return response.text();
}

/** Calls the dialog hub's service-owner API; `expected` statuses other than 2xx are not errors. */
async function dialogHub(method, path, body, expected = []) {
  const response = await fetch(`${portal}/api/v1/serviceowner${path}`, {
    method,
    headers: { Authorization: `Bearer ${await serviceOwnerToken()}`, "Content-Type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok && !expected.includes(response.status)) {
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  }
  return response.status;
}

/** A dialog for Kari that points here, created once (its idempotency key finds it again). */
async function seedDemo() {
  for (let attempt = 0; attempt < 120; attempt++) {
    const ready = await fetch(`${portal}/health/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const dialog = taxReturn(uuidv7(), "Skattemeldingen for 2025 (eksempeltjeneste)", `https://127.0.0.1:${port}`);
  const status = await dialogHub("POST", "/dialogs", { ...dialog, idempotentKey: "sample-service-owner-demo" }, [409]);
  console.log(status === 409 ? "the demo dialog is there already" : "created a demo dialog for Kari Nordmann");
}

/** The token's claims when it is valid for this dialog and action; otherwise why not. */
async function verify(request, dialogId, action) {
  const header = request.headers.authorization ?? "";
  const token = header.startsWith("Bearer ") ? header.slice(7) : null;
  if (!token) return { error: "no dialog token" };
  try {
    const { payload } = await jwtVerify(token, jwks, { issuer, algorithms: ["EdDSA"] });
    if (payload.i !== dialogId) return { error: "the token is for another dialog" };
    const actions = String(payload.a ?? "").split(";").map((pair) => pair.split(",")[0]);
    if (!actions.includes(action)) return { error: `the token does not allow '${action}'` };
    return { claims: payload };
  } catch (error) {
    return { error: `invalid token: ${error.code ?? error.message}` };
  }
}

function cors(request, response) {
  const origin = request.headers.origin;
  if (origin && allowedOrigins.includes(origin)) {
    response.setHeader("Access-Control-Allow-Origin", origin);
    response.setHeader("Vary", "Origin, Accept-Language");
  }
}

function send(response, status, body, type = "application/json") {
  response.writeHead(status, { "Content-Type": type });
  response.end(typeof body === "string" ? body : JSON.stringify(body));
}

function problem(response, status, title, detail) {
  send(response, status, { type: "about:blank", title, detail, status }, "application/problem+json");
}

async function handle(request, response) {
  cors(request, response);
  const url = new URL(request.url, `https://127.0.0.1:${port}`);
  const parts = url.pathname.split("/").filter(Boolean);
  if (request.method === "OPTIONS") {
    response.writeHead(204, {
      "Access-Control-Allow-Methods": "GET, POST, DELETE",
      "Access-Control-Allow-Headers": "Authorization, Accept, Accept-Language, Content-Type, Prefer",
      "Access-Control-Max-Age": "600",
    });
    return response.end();
  }
  if (request.method === "GET" && url.pathname === "/received") return send(response, 200, received);
  if ((request.method === "GET" || request.method === "HEAD") && parts[0] === "files") {
    const file = "%PDF-1.4\n% sample attachment\n";
    response.writeHead(200, {
      "Content-Type": "application/pdf",
      "Content-Length": Buffer.byteLength(file),
      "Content-Disposition": `attachment; filename="${parts[1].replace(/[^\w.-]/g, "_")}"`,
    });
    return response.end(request.method === "HEAD" ? undefined : file);
  }
  const [kind, dialogId, step] = parts;
  const routes = {
    "GET embed": "read",
    "POST dialogs submit": "write",
    "POST dialogs reject": "write",
    "DELETE dialogs": "write",
  };
  const route = [request.method, kind, step].filter(Boolean).join(" ");
  const action = routes[route];
  if (!action) return problem(response, 404, "Not found", url.pathname);
  const { claims, error } = await verify(request, dialogId, action);
  received.push({ method: request.method, path: url.pathname, verified: !error, error, claims });
  if (error) return problem(response, 401, "Ugyldig dialogtoken", error);
  switch (route) {
    case "GET embed":
      response.writeHead(200, { "Content-Type": "text/markdown; charset=utf-8" });
      return response.end(
        `## Saksgang\n\nHentet med dialogtoken for **${claims.c}**.\n\n` +
          `1. Mottatt\n2. Under behandling\n\n<script>window.__embedScriptRan = true</script>\n`,
      );
    case "POST dialogs submit":
      await dialogHub("POST", `/dialogs/${dialogId}/activities`, {
        type: "FormSubmitted",
        performedBy: { actorType: "PartyRepresentative", actorId: claims.c },
      });
      return send(response, 200, { received: true });
    case "POST dialogs reject":
      return problem(response, 422, "Skjemaet mangler vedlegg", "Last opp kvitteringen før du sender inn.");
    case "DELETE dialogs":
      await dialogHub("DELETE", `/dialogs/${dialogId}`);
      response.writeHead(204);
      return response.end();
  }
}

const server = https.createServer(
  { key: readFileSync(`${certificates}/service-owner.key`), cert: readFileSync(`${certificates}/service-owner.pem`) },
  (request, response) =>
    handle(request, response).catch((error) => {
      console.error(error);
      if (!response.headersSent) problem(response, 500, "Feil i tjenesten", String(error.message));
    }),
);
server.listen(port, "127.0.0.1", () => {
  console.log(`sample service owner on https://127.0.0.1:${port}`);
  if (process.env.SEED_DEMO === "true") seedDemo().catch((error) => console.error(`seeding failed: ${error.message}`));
});
