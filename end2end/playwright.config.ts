// Browser tests run in the system's Chromium against a server started for the run.
// The server binary, site root and database come from `./dev test` through the environment.
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

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
  webServer: {
    command: `${process.env.E2E_SERVER ?? "../target/debug/server"} --mode dev --listen 127.0.0.1:${port} --site-root ${process.env.E2E_SITE_ROOT ?? "../target/site"}`,
    url: `${baseURL}/health/ready`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? "warn" } as Record<string, string>,
    stdout: "ignore",
    stderr: "pipe",
  },
});
