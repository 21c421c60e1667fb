// Markdown clips of saved pages, as three clippers write them (used by bench/make_tool_captures.py).
//
// Reads one JSON job per stdin line: {"html": path (.gz allowed), "url": ..., "out": folder}
// and writes into the folder:
//   defuddle.md     — Obsidian Web Clipper: defuddle's Markdown under the clipper's default note
//                     template (title, source, author as [[wiki links]], published, created, …);
//   markdownload.md — MarkDownload: Readability + Turndown (+ GFM plugin) with MarkDownload's
//                     default front matter and template (page <title>, the "Excerpt" quote, a rule);
//   joplin.md       — Joplin's clipper ("simplified page": Readability + Turndown), exported as
//                     Markdown + Front Matter (title, updated, created, source, author).
// The clipping date is the run's date: it is never the article's date.
import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { createInterface } from "node:readline";
import { JSDOM, VirtualConsole } from "jsdom";
import { Readability } from "@mozilla/readability";
import TurndownService from "turndown";
import { gfm } from "turndown-plugin-gfm";
import { Defuddle } from "defuddle/node";

const CLIPPED = "2026-12-07T23:30:00";
const quiet = new VirtualConsole();

function dom(job) {
  let bytes = readFileSync(job.html);
  if (job.html.endsWith(".gz")) bytes = gunzipSync(bytes);
  return new JSDOM(bytes, { url: job.url, virtualConsole: quiet, contentType: "text/html" });
}

function yamlString(value) {
  return JSON.stringify(String(value ?? ""));
}

function isoDay(value) {
  if (!value) return "";
  const time = Date.parse(value);
  return Number.isNaN(time) ? "" : new Date(time).toISOString().slice(0, 10);
}

async function obsidian(job) {
  const page = dom(job);
  const result = await Defuddle(page, job.url, { markdown: true, useAsync: false });
  page.window.close();
  const authors = (result.author || "").split(/,\s*/).filter(Boolean);
  const lines = ["---", `title: ${yamlString(result.title)}`, `source: ${yamlString(job.url)}`];
  lines.push(authors.length ? "author:" : "author:");
  for (const name of authors) lines.push(`  - ${yamlString(`[[${name}]]`)}`);
  lines.push(`published: ${isoDay(result.published)}`, `created: ${CLIPPED.slice(0, 10)}`);
  lines.push(`description: ${yamlString(result.description)}`, "tags:", '  - "clippings"', "---");
  return lines.join("\n") + "\n" + (result.content || "");
}

function turndown(options) {
  const service = new TurndownService(options);
  service.use(gfm);
  service.keep(["iframe", "sub", "sup", "u", "ins", "del", "small", "big"]);
  return service;
}

function readability(job) {
  const page = dom(job);
  const pageTitle = page.window.document.title;
  const article = new Readability(page.window.document, { keepClasses: false }).parse();
  page.window.close();
  return { pageTitle, article };
}

function markdownload(job) {
  const { pageTitle, article } = readability(job);
  if (!article) return null;
  const body = turndown({
    headingStyle: "atx", hr: "___", bulletListMarker: "-", codeBlockStyle: "fenced",
    emDelimiter: "_", strongDelimiter: "**", linkStyle: "inlined",
  }).turndown(article.content || "");
  const front = ["---", `created: ${CLIPPED} (UTC +00:00)`, "tags: []", `source: ${job.url}`,
    `author: ${article.byline || ""}`, "---", "", `# ${pageTitle}`, "", "> ## Excerpt",
    `> ${(article.excerpt || "").replace(/\n/g, " ")}`, "", "---"].join("\n");
  return `${front}\n\n${body}`;
}

function joplin(job) {
  const { article } = readability(job);
  if (!article) return null;
  const body = turndown({ headingStyle: "atx", codeBlockStyle: "fenced", bulletListMarker: "-" })
    .turndown(article.content || "");
  const stamp = `${CLIPPED.replace("T", " ")}Z`;
  const front = ["---", `title: ${article.title || ""}`, `updated: ${stamp}`, `created: ${stamp}`,
    `source: ${job.url}`];
  if (article.byline) front.push(`author: ${article.byline}`);
  front.push("---");
  return `${front.join("\n")}\n\n${body}\n`;
}

const TOOLS = { "defuddle.md": obsidian, "markdownload.md": markdownload, "joplin.md": joplin };

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const job = JSON.parse(line);
  for (const [name, tool] of Object.entries(TOOLS)) {
    try {
      const text = await tool(job);
      if (text) writeFileSync(`${job.out}/${name}`, text);
      else process.stderr.write(`${job.out} ${name}: no article\n`);
    } catch (error) {
      process.stderr.write(`${job.out} ${name}: ${error}\n`);
    }
  }
}
