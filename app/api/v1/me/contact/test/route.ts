import { route, withApi } from "@/lib/api/handler";
import { testContactEndpoint } from "@/lib/escalation/contract";
import { testContact } from "@/lib/escalation/delivery";

// POST /api/v1/me/contact/test — a test notification to each channel you have set
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(testContactEndpoint, ({ actor }) => testContact(actor)),
});
