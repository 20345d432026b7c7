// Builds the two plotly.js bundles the site loads, from the plotly.js sources on npm (pinned in
// package.json), with esbuild: `npm run build` (run by `make assets`, `make report`, CI).
//
//   plotly-charts.min.js  core (scatter) + bar: every chart of the report
//   plotly-maps.min.js    the same + choropleth: loaded instead on a page that draws a map
//   topojson/world_110m.json  the world outline the map draws (plotly's own, from its geo assets)
//
// Only the trace types the report uses: the full plotly.min.js is 4.8 MB, these are a quarter of
// that. The output goes to report/assets/plotly/ (ignored by git; a site resource in _quarto.yml).
import { build } from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const out = join(here, "plotly");
const require = createRequire(join(root, "package.json"));

const BUNDLES = {
  "plotly-charts": ["bar"],
  "plotly-maps": ["bar", "choropleth"],
};

function entry(traces) {
  const modules = traces.map((name) => `require("plotly.js/lib/${name}")`).join(", ");
  return `var Plotly = require("plotly.js/lib/core");\nPlotly.register([${modules}]);\nmodule.exports = Plotly;\n`;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "topojson"), { recursive: true });
const version = require("plotly.js/package.json").version;
for (const [name, traces] of Object.entries(BUNDLES)) {
  await build({
    stdin: { contents: entry(traces), resolveDir: root, sourcefile: `${name}.js` },
    bundle: true,
    minify: true,
    format: "iife",
    globalName: "Plotly",
    target: "es2016",
    // plotly.js's own build settings (its esbuild-config.js); the map library's CSS is not used.
    define: { global: "window", "define.amd": "false" },
    alias: { stream: "stream-browserify" },
    loader: { ".css": "empty" },
    legalComments: "none",
    banner: { js: `/* plotly.js v${version} (${["scatter", ...traces].join(", ")}), MIT licence, Plotly, Inc. */` },
    outfile: join(out, `${name}.min.js`),
    logLevel: "warning",
  });
}

// plotly.js fetches a map's outline from its CDN unless `topojsonURL` points elsewhere: take the
// world outline out of plotly.js's geo assets file (a UMD script exporting {topojson, version}).
const assets = readFileSync(require.resolve("plotly.js/dist/plotly-geo-assets.js"), "utf8");
const sandbox = { module: { exports: {} }, window: {} };
vm.runInNewContext(assets, sandbox);
const world = sandbox.module.exports.topojson?.world_110m;
if (!world) throw new Error("plotly.js/dist/plotly-geo-assets.js holds no world_110m topojson");
writeFileSync(join(out, "topojson", "world_110m.json"), JSON.stringify(world));
console.log(`plotly.js ${version}: ${Object.keys(BUNDLES).join(", ")} and the world topojson in ${out}`);
