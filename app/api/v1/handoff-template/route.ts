import { route, withApi } from "@/lib/api/handler";
import { getTemplateEndpoint, putTemplateEndpoint } from "@/lib/handoffs/contract";
import { currentTemplate, replaceTemplate } from "@/lib/handoffs/template";

// GET /api/v1/handoff-template — the checklist in force; PUT — a new version (admins)
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(getTemplateEndpoint, async () => ({ template: await currentTemplate() })),
  PUT: withApi(putTemplateEndpoint, ({ actor, body }) => replaceTemplate(actor, body.items)),
});
