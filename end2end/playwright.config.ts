// Browser tests run in the system's Chromium against a server started for the run.
// The server binary, site root and database come from `./dev test` through the environment.
import { defineConfig } from "@playwright/test";
import { resolve } from "node:path";
import { ensureCertificates } from "./certificates.mjs";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
export const interopPort = port + 1;
export const interopURL = `http://127.0.0.1:${interopPort}`;
const providerPort = port + 100;
export const serviceOwnerPort = port + 200;
export const serviceOwnerURL = `https://127.0.0.1:${serviceOwnerPort}`;
const certificates = resolve(".certificates");
ensureCertificates(certificates);

function server(listen: number, flags: string[]) {
  const binary = process.env.E2E_SERVER ?? "../target/debug/server";
  const siteRoot = process.env.E2E_SITE_ROOT ?? "../target/site";
  return [
    binary,
    "--mode dev",
    `--listen 127.0.0.1:${listen}`,
    `--site-root ${siteRoot}`,
    `--outbound-root-ca ${certificates}/ca.pem`,
    // The sample service owner listens on 127.0.0.1.
    "--outbound-private-networks true",
    ...flags,
  ].join(" ");
}
const serverEnv = { ...process.env, RUST_LOG: process.env.RUST_LOG ?? "warn" } as Record<string, string>;

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL,
    trace: "retain-on-failure",
    // The portal follows the browser's language; the tests speak bokmål unless they say otherwise.
    locale: "nb-NO",
    // The sample service owner's certificate comes from a throwaway authority.
    ignoreHTTPSErrors: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: [
    {
      // The portal with its built-in test identity provider.
      command: server(port, []),
      url: `${baseURL}/health/ready`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: serverEnv,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      // A service owner's system that dialogs' actions and embedded content point to.
      command: "node sample-service-owner.mjs",
      url: `${serviceOwnerURL}/received`,
      ignoreHTTPSErrors: true,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { SO_PORT: String(serviceOwnerPort), PORTAL_URL: baseURL, CERT_DIR: certificates },
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      // An independent OpenID provider, and a second portal that signs in through it.
      command: `node oidc-provider.mjs`,
      url: `http://127.0.0.1:${providerPort}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { OIDC_PORT: String(providerPort), PORTAL_URL: interopURL },
      stdout: "ignore",
      // It warns about its development defaults on every start.
      stderr: "ignore",
    },
    {
      command: server(interopPort, [
        `--oidc-issuer http://127.0.0.1:${providerPort}`,
        "--oidc-client-id portal",
        "--oidc-client-secret interop-test-secret",
      ]),
      url: `${interopURL}/health/ready`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: serverEnv,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
