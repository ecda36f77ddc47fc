// Markdown from user text: every character that could start markup is escaped, so a title, a note or
// a link label reads as the words typed and never changes the document around it. Browser-safe.

/** Inline text: escapes what CommonMark/GFM would read as emphasis, code, links, HTML, entities, tables or strikethrough. */
export function mdText(s: string): string {
  return s
    .replace(/\r\n?/g, "\n")
    .replace(/[\\`*_[\]<>|~&{}]/g, (c) => `\\${c}`)
    .replace(/!(?=\\\[)/g, "\\!")
    .replace(
      /^(\s*)([#+\-=]|\d+[.)])(?=\s|$)/gm,
      (_m, sp: string, mark: string) => `${sp}${mark.replace(/([#+\-=.)])$/, "\\$1")}`,
    )
    .replace(/^(\s*)(>)/gm, "$1\\$2");
}

/** A table cell: inline text on one line (line breaks become <br>). */
export function mdCell(s: string): string {
  return mdText(s).replace(/\n/g, "<br>");
}

/** A single-line item (headings, list items): line breaks become spaces. */
export function mdLine(s: string): string {
  return mdText(s.replace(/\s*[\r\n]+\s*/g, " "));
}

/**
 * A link whose label and address are user text: the label escaped, the address made absolute against
 * `base` and allowed only for http(s); anything else is shown as text.
 */
export function mdLink(label: string, url: string, base: string): string {
  let href: URL;
  try {
    href = new URL(url, base);
  } catch {
    return mdLine(`${label} (${url})`);
  }
  if (href.protocol !== "http:" && href.protocol !== "https:") return mdLine(`${label} (${url})`);
  const dest = href
    .toString()
    .replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
  return `[${mdLine(label)}](${dest})`;
}
