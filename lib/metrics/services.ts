// The platform's services, one vocabulary for everything that names one: the component of a platform
// log line, the service a change deploys, the services an incident names, the services a dashboard,
// a panel or an SLO is about. Browser-safe.

export const SERVICES = [
  "control-plane",
  "scheduler",
  "projector",
  "postgres",
  "edge",
  "agent",
  "overlay",
  "storage",
] as const;
export type Service = (typeof SERVICES)[number];

export const SERVICE_LABELS: Record<Service, string> = {
  "control-plane": "Control plane API",
  scheduler: "Scheduler",
  projector: "Projector",
  postgres: "Postgres",
  edge: "Edge",
  agent: "Host agent",
  overlay: "WireGuard overlay",
  storage: "Storage",
};

export const isService = (s: string): s is Service => SERVICES.some((known) => known === s);
