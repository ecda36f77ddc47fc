// A runbook's blocks as an article: title, section headings, lists and paragraphs.
import type { Block, Inline } from "@/lib/runbooks/markdown";

function Text({ parts }: { parts: Inline[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.kind === "strong" ? (
          <strong key={i}>{p.text}</strong>
        ) : p.kind === "code" ? (
          <code key={i} className="rounded bg-zinc-100 px-1 text-xs dark:bg-zinc-800">
            {p.text}
          </code>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

export function RunbookArticle({ blocks }: { blocks: Block[] }) {
  return (
    <article className="space-y-3 text-sm leading-relaxed">
      {blocks.map((b, i) =>
        b.kind === "title" ? (
          <h1 key={i} className="text-xl font-semibold">
            {b.text}
          </h1>
        ) : b.kind === "heading" ? (
          <h2 key={i} className="mt-4 font-medium">
            {b.text}
          </h2>
        ) : b.kind === "list" ? (
          <ul key={i} className="list-disc space-y-1 pl-5">
            {b.items.map((item, j) => (
              <li key={j}>
                <Text parts={item} />
              </li>
            ))}
          </ul>
        ) : (
          <p key={i}>
            <Text parts={b.inline} />
          </p>
        ),
      )}
    </article>
  );
}
