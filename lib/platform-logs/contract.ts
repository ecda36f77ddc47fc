// Platform log API contracts: the kind's endpoints, from its declaration (lib/kinds/endpoints.ts).
import { kindEndpoints } from "@/lib/kinds/endpoints";
import { platformLogs } from "./kind";

export const platformLogEndpoints = kindEndpoints(platformLogs);
