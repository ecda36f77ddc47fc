import { route, withApi } from "@/lib/api/handler";
import { getContactEndpoint, putContactEndpoint } from "@/lib/escalation/contract";
import { getContact, putContact } from "@/lib/escalation/contacts";

// GET/PUT /api/v1/me/contact — where you are paged
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(getContactEndpoint, ({ actor }) => getContact(actor)),
  PUT: withApi(putContactEndpoint, ({ actor, body }) => putContact(actor, body)),
});
