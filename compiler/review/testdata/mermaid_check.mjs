// Parses every ```mermaid block of the Markdown files given as arguments
// with Mermaid's own parser, under jsdom. Used by TestMermaidParses when
// XOC_MERMAID_MODULES names a directory whose node_modules holds the npm
// packages "mermaid" and "jsdom" (npm install mermaid jsdom).
// Exit status: 0 all parse, 1 some do not, 3 the packages are missing.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const require = createRequire(process.env.XOC_MERMAID_MODULES + "/package.json");
let jsdomPath, mermaidPath;
try {
  jsdomPath = require.resolve("jsdom");
  mermaidPath = require.resolve("mermaid");
} catch (e) {
  console.log(String(e.message).split("\n")[0]);
  process.exit(3);
}
const { JSDOM } = require(jsdomPath);
const dom = new JSDOM("<!DOCTYPE html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.DOMParser = dom.window.DOMParser;
globalThis.Element = dom.window.Element;
const { default: mermaid } = await import(pathToFileURL(mermaidPath).href);
mermaid.initialize({ startOnLoad: false });

let count = 0, failed = 0;
for (const file of process.argv.slice(2)) {
  const blocks = readFileSync(file, "utf8").matchAll(/^```mermaid\n([\s\S]*?)^```$/gm);
  for (const [, source] of blocks) {
    count++;
    try {
      await mermaid.parse(source);
    } catch (e) {
      failed++;
      console.log(`${file}, block ${count}: ${String(e.message || e).split("\n").slice(0, 4).join("\n")}`);
    }
  }
}
const { version } = require(require.resolve("mermaid/package.json"));
console.log(`mermaid ${version}: ${count} blocks, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
