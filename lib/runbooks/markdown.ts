// A runbook's Markdown as blocks: title, sections with their lines, paragraphs, lists, with inline bold
// and code marked. Runbooks need no more than that. Browser-safe, pure.

export type Inline = { text: string; kind: "text" | "strong" | "code" };
export type Block =
  | { kind: "title"; text: string }
  | { kind: "heading"; text: string }
  | { kind: "list"; items: Inline[][] }
  | { kind: "paragraph"; inline: Inline[] };

export function inline(text: string): Inline[] {
  return text
    .split(/(\*\*[^*]+\*\*|`[^`]+`)/)
    .filter(Boolean)
    .map((part) =>
      part.startsWith("**") && part.endsWith("**")
        ? { text: part.slice(2, -2), kind: "strong" }
        : part.startsWith("`") && part.endsWith("`")
          ? { text: part.slice(1, -1), kind: "code" }
          : { text: part, kind: "text" },
    );
}

const listItems = (lines: string[]) => lines.map((l) => inline(l.replace(/^\s*[-*] /, "")));

export function parseRunbook(markdown: string): Block[] {
  const out: Block[] = [];
  for (const block of markdown.trim().split(/\n\s*\n/)) {
    const lines = block.split("\n");
    if (block.startsWith("# ")) out.push({ kind: "title", text: lines[0]!.slice(2).trim() });
    else if (block.startsWith("## ")) {
      out.push({ kind: "heading", text: lines[0]!.slice(3).trim() });
      if (lines.length > 1) out.push({ kind: "list", items: listItems(lines.slice(1)) });
    } else if (/^\s*[-*] /.test(block)) out.push({ kind: "list", items: listItems(lines) });
    else out.push({ kind: "paragraph", inline: inline(block.replace(/\n/g, " ")) });
  }
  return out;
}
