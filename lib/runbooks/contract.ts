// Runbook API contracts: the console's runbooks and what each lacks of the standard (./standard), and their
// exercises (drills in staging, uses in incidents) with the deviations noted.
import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";
import { EXERCISE_SETTINGS } from "@/lib/vocabulary";

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

const exerciseSchema = z.object({
  id: z.string(),
  runbook: z.string(),
  setting: z.enum(EXERCISE_SETTINGS),
  incident: z.string().nullable().describe("INC-42 when used in an incident"),
  by: z.string().nullable(),
  at: z.string(),
  notes: z.string(),
});

export const recordExerciseBodySchema = z.object({
  setting: z.enum(EXERCISE_SETTINGS, { message: `must be one of: ${EXERCISE_SETTINGS.join(", ")}` }),
  incident: z.string().max(100).optional().describe("with setting=incident: the incident (id or INC-42)"),
  at: z.iso.datetime({ offset: true, message: "must be an ISO-8601 time with a zone" }).optional(),
  notes: z
    .string()
    .max(5000, "must be at most 5,000 characters")
    .optional()
    .describe("what deviated, what was unclear"),
});
export type RecordExerciseBody = z.infer<typeof recordExerciseBodySchema>;

const slugParams = z.object({ slug: z.string().max(100) });

export const listExercisesEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/runbooks/{slug}/exercises",
  summary:
    "When a runbook was last exercised and by whom, whether it is untested (RUNBOOK_TEST_DAYS), its exercises and the deviations incidents noted",
  tag: "runbooks",
  scope: "dashboards:read",
  params: slugParams,
  response: z.object({
    last_exercised_at: z.string().nullable(),
    last_exercised_by: z.string().nullable(),
    untested: z.boolean(),
    test_days: z.number(),
    exercises: z.array(exerciseSchema),
    deviations: z.array(
      z.object({ incident: z.string(), at: z.string(), by: z.string().nullable(), body: z.string() }),
    ),
  }),
});

export const recordExerciseEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/runbooks/{slug}/exercises",
  summary: "Record that a runbook was exercised: a drill in staging, or a use in an incident",
  tag: "runbooks",
  scope: "incidents:write",
  audit: "runbook.exercise",
  params: slugParams,
  body: recordExerciseBodySchema,
  status: 201,
  response: z.object({ exercise: exerciseSchema }),
});
