import { route, withApi } from "@/lib/api/handler";
import { cancelMaintenanceEndpoint } from "@/lib/maintenance/contract";
import { cancelMaintenance } from "@/lib/maintenance";

// POST /api/v1/maintenance/:id/cancel — cancel a window before it ends
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  POST: withApi(cancelMaintenanceEndpoint, ({ actor, params }) => cancelMaintenance(actor, params.id)),
});
