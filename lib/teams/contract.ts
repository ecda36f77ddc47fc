// Teams API contracts: every team with who holds its rotation's layers now, and the admins' create and edit.
import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";
import { shiftSchema } from "@/lib/oncall/contract";
import { TEAM_SLUG } from "./rules";

export const teamSchema = z.object({
  id: z.string(),
  name: z.string(),
  time_zone: z.string(),
  work_start_hour: z.number(),
  work_end_hour: z.number(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type TeamView = z.infer<typeof teamSchema>;

const name = z.string().trim().min(1, "must not be empty").max(100);
const settings = {
  time_zone: z.string().min(1).max(64).describe("IANA zone of the rotation's working hours").optional(),
  work_start_hour: z.number().int().min(0).max(23).describe("working hours start, local, whole hours").optional(),
  work_end_hour: z.number().int().min(1).max(24).describe("working hours end (exclusive), after the start").optional(),
};

export const listTeamsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/teams",
  summary: "Every team, with who holds each layer of its rotation now (shadow included) and the next primary",
  tag: "teams",
  scope: "incidents:read",
  response: z.object({
    teams: z.array(
      teamSchema.extend({
        schedule_version: z.number().nullable().describe("null: the team has no rotation yet"),
        on_call: z.array(shiftSchema),
        next_primary: shiftSchema.nullable(),
      }),
    ),
  }),
});

export const createTeamEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/teams",
  summary: "Add a team (admins); its rotation is set with PUT /api/v1/oncall/schedule and team",
  tag: "teams",
  scope: "admin",
  audit: "team.create",
  body: z.object({
    id: z.string().regex(TEAM_SLUG, "must be a slug: lowercase letters, digits and dashes (at most 40)"),
    name,
    ...settings,
  }),
  status: 201,
  response: z.object({ team: teamSchema }),
  auditResult: (r) => ({ team: r.team.id }),
});

export const updateTeamEndpoint = endpoint({
  method: "PATCH",
  path: "/api/v1/teams/{id}",
  summary: "Rename a team or change its zone and working hours (admins)",
  tag: "teams",
  scope: "admin",
  audit: "team.update",
  params: z.object({ id: z.string().max(64) }),
  body: z.object({ name: name.optional(), ...settings }),
  response: z.object({ team: teamSchema }),
  auditResult: (r) => ({ team: r.team.id }),
});
