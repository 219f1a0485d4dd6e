// What pdf.js (Mozilla's reader, the one Firefox reads PDFs aloud with) sees in a PDF: per page, the
// structure tree from page.getStructTree() and the text from getTextContent(), printed as JSON: the whole
// text, the text of each marked-content id the tree's "content" leaves name, and the text marked Artifact.
// Usage: node tests/pdfjs_structure.mjs FILE.pdf   (tests/pdf_structure.py runs it)
import { readFileSync } from "node:fs";
import { getDocument, VerbosityLevel } from "pdfjs-dist/legacy/build/pdf.mjs";

const data = new Uint8Array(readFileSync(process.argv[2]));
// No eval, no system fonts, no font loading: only the file is read, and the output depends on nothing else.
const loading = getDocument({ data, isEvalSupported: false, useSystemFonts: false, disableFontFace: true,
                              verbosity: VerbosityLevel.ERRORS });
const document = await loading.promise;
const pages = [];
for (let number = 1; number <= document.numPages; number++) {
  const page = await document.getPage(number);
  const tree = await page.getStructTree();
  const content = await page.getTextContent({ includeMarkedContent: true });
  const marked = {};
  const open = [];  // the marked-content sequences around the current item: {id, tag}
  let text = "", artifacts = "";
  for (const item of content.items) {
    if (item.type === "beginMarkedContent" || item.type === "beginMarkedContentProps") {
      open.push({ id: item.id ?? null, tag: item.tag });
    } else if (item.type === "endMarkedContent") {
      open.pop();
    } else if (item.str !== undefined) {
      const piece = item.str + (item.hasEOL ? "\n" : "");
      text += piece;
      const owner = [...open].reverse().find((entry) => entry.id !== null);
      if (open.some((entry) => entry.tag === "Artifact")) artifacts += piece;
      else if (owner) marked[owner.id] = (marked[owner.id] ?? "") + piece;
    }
  }
  pages.push({ page: number, tree, text, marked, artifacts });
}
process.stdout.write(JSON.stringify({ pages, lang: (await document.getMetadata()).info.Language ?? null }) + "\n");
await loading.destroy();
