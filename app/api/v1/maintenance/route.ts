import { route, withApi } from "@/lib/api/handler";
import { createMaintenanceEndpoint, listMaintenanceEndpoint } from "@/lib/maintenance/contract";
import { createMaintenance, listMaintenance } from "@/lib/maintenance";

// GET/POST /api/v1/maintenance — maintenance windows / schedule one
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(listMaintenanceEndpoint, ({ query }) => listMaintenance(query)),
  POST: withApi(createMaintenanceEndpoint, ({ actor, body }) => createMaintenance(actor, body)),
});
