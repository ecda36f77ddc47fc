// Org directory contracts: the orgs a caller may see (members: theirs; operators and admins: all).
import { z } from "zod";
import { endpoint } from "@/lib/http/endpoint";

export const orgSchema = z.object({
  id: z.string(),
  name: z.string(),
  member: z.boolean(),
  apps: z.array(z.object({ id: z.string(), name: z.string(), envs: z.array(z.string()) })),
});
export type Org = z.infer<typeof orgSchema>;

export const listOrgsEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/orgs",
  summary: "The orgs you can see: your own, or every org for operators and admins",
  tag: "orgs",
  response: z.object({ orgs: z.array(orgSchema), next_cursor: z.null() }),
});
