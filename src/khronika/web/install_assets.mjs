// Copies the map assets installed by npm into static/vendor/, which khronika serves itself.
// Run by `npm ci` (the postinstall script of package.json at the repository root).
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const web = dirname(fileURLToPath(import.meta.url));
const root = join(web, "..", "..", "..");
const modules = join(root, "node_modules");
const vendor = join(web, "static", "vendor");

const files = [
  ["leaflet/dist/leaflet.js", "leaflet/leaflet.js"],
  ["leaflet/dist/leaflet.css", "leaflet/leaflet.css"],
  ["leaflet/dist/images", "leaflet/images"],
  ["leaflet/LICENSE", "leaflet/LICENSE"],
  ["world-atlas/countries-110m.json", "world-atlas/countries-110m.json"],
  ["world-atlas/LICENSE", "world-atlas/LICENSE"],
];

rmSync(vendor, { recursive: true, force: true });
for (const [from, to] of files) {
  mkdirSync(dirname(join(vendor, to)), { recursive: true });
  cpSync(join(modules, from), join(vendor, to), { recursive: true });
}
console.log(`khronika: map assets copied to ${vendor}`);
