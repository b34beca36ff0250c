// Builds the portal's static files into one directory, each under a name that carries a hash of
// its content (so that the server may let browsers keep them for a year), each beside its brotli
// and gzip forms (so that the server sends them compressed without compressing them per request):
//
//   node style/build.mjs BINDGEN_DIR OUT_DIR
//
// - the stylesheet: Altinn's Designsystemet theme (its tokens) and Designsystemet's base layer,
//   Inter's @font-face rules, then
//   `main.css` (unlayered, so it overrides Designsystemet's layers where it must);
// - Inter's woff2 files for the weights the theme uses;
// - the icons the stylesheet uses, from NAV's Aksel set, as custom properties (`--icon-archive`)
//   holding data URLs, for `mask-image` in `currentColor`;
// - the browser bundle: wasm-bindgen's JavaScript as it is, and its WebAssembly through npm's
//   binaryen `wasm-opt -Oz` (Debian's binaryen produces a broken module);
// - `manifest.json`, the names the server puts in the pages.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const [bindgenDir, outDir] = process.argv.slice(2);
if (!bindgenDir || !outDir) {
  console.error("usage: node style/build.mjs BINDGEN_DIR OUT_DIR");
  process.exit(2);
}
const NAME = "portal";
// The weights Altinn's theme uses (regular, medium, semibold).
const FONT_WEIGHTS = [400, 500, 600];
// wasm-bindgen's output uses these proposals; wasm-opt must be told it may keep them.
const WASM_FEATURES = [
  "--enable-bulk-memory",
  "--enable-nontrapping-float-to-int",
  "--enable-sign-ext",
  "--enable-mutable-globals",
  "--enable-reference-types",
  "--enable-multivalue",
];

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

/** Writes `bytes` as `stem.HASH.ext` (with `.br` and `.gz` beside it unless `compressed`). */
function publish(stem, ext, bytes, { compressed = false } = {}) {
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
  const name = `${stem}.${hash}.${ext}`;
  const path = join(outDir, name);
  writeFileSync(path, bytes);
  if (!compressed) {
    writeFileSync(
      `${path}.br`,
      brotliCompressSync(bytes, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      }),
    );
    writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  }
  return name;
}

const fontFaces = FONT_WEIGHTS.map((weight) => {
  const file = `inter-latin-${weight}-normal.woff2`;
  const name = publish(
    `inter-latin-${weight}`,
    "woff2",
    readFileSync(join(modules, "@fontsource/inter/files", file)),
    { compressed: true },
  );
  return `@font-face{font-family:"Inter";font-style:normal;font-display:swap;font-weight:${weight};src:url(./${name}) format("woff2")}`;
}).join("\n");

// Aksel's icon name for each custom property.
const ICONS = {
  archive: "Archive",
  trash: "Trash",
  restore: "InboxUp",
  padlock: "PadlockLocked",
  "chevron-down": "ChevronDown",
  download: "Download",
  unread: "EnvelopeClosed",
};
const icons = `:root{${Object.entries(ICONS)
  .map(([name, file]) => {
    const svg = readFileSync(join(modules, "@navikt/aksel-icons/dist/svg", `${file}.svg`), "utf8");
    return `--icon-${name}:url("data:image/svg+xml,${encodeURIComponent(svg.replace(/\s+/g, " ").trim())}")`;
  })
  .join(";")}}`;

const stylesheet = [
  readFileSync(join(modules, "@digdir/designsystemet-theme/brand/altinn.css"), "utf8"),
  // Designsystemet's base layer only: the portal's rules use the theme's tokens, and the
  // component classes (148 KB before compression) would be parsed on every page for nothing.
  readFileSync(join(modules, "@digdir/designsystemet-css/dist/src/base.css"), "utf8"),
  fontFaces,
  icons,
  readFileSync(join(here, "main.css"), "utf8"),
].join("\n");

const optimised = join(outDir, "optimised.wasm");
execFileSync(
  join(modules, ".bin/wasm-opt"),
  ["-Oz", ...WASM_FEATURES, join(bindgenDir, `${NAME}_bg.wasm`), "-o", optimised],
  { stdio: "inherit" },
);
const wasm = readFileSync(optimised);
rmSync(optimised);

const manifest = {
  stylesheet: publish(NAME, "css", Buffer.from(stylesheet)),
  script: publish(NAME, "js", readFileSync(join(bindgenDir, `${NAME}.js`))),
  wasm: publish(NAME, "wasm", wasm),
};
writeFileSync(join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);

const sizes = readdirSync(outDir)
  .filter((file) => file.endsWith(".br") || file.endsWith(".woff2"))
  .map((file) => `${file} ${readFileSync(join(outDir, file)).length}`);
console.error(`built ${outDir}:\n  ${sizes.join("\n  ")}`);
