// Runbook API contracts: the console's runbooks and what each lacks of the standard (./standard).
import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";

const runbookSummary = z.object({
  slug: z.string(),
  title: z.string(),
  url: z.string(),
  problems: z
    .array(z.string())
    .describe("the sections of the standard it lacks; a page linking to it is sent as a ticket until there are none"),
});

export const listRunbooksEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/runbooks",
  summary: "The console's runbooks, each with the sections of the runbook standard it lacks",
  tag: "runbooks",
  scope: "dashboards:read",
  response: z.object({ runbooks: z.array(runbookSummary) }),
});

export const getRunbookEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/runbooks/{slug}",
  summary: "One runbook as Markdown, with the sections of the standard it lacks",
  tag: "runbooks",
  scope: "dashboards:read",
  params: z.object({ slug: z.string().max(100) }),
  response: z.object({ runbook: runbookSummary.extend({ markdown: z.string() }) }),
});
