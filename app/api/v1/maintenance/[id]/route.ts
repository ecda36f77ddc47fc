import { route, withApi } from "@/lib/api/handler";
import { getMaintenanceEndpoint } from "@/lib/maintenance/contract";
import { getMaintenance } from "@/lib/maintenance";

// GET /api/v1/maintenance/:id — one window with the alerts it holds now
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  GET: withApi(getMaintenanceEndpoint, ({ params }) => getMaintenance(params.id)),
});
