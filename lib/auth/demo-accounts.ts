// The demo's accounts (seeded into an empty embedded store or by `npm run db:seed`). Data only, so the
// sign-in page can list them without loading the seed.
export const DEMO_PASSWORD = "demo";

export const DEMO_ACCOUNTS = [
  { id: "usr_oncall", email: "oncall@demo.local", name: "Olivia Oncall", role: "operator", orgs: [] },
  { id: "usr_ic", email: "ic@demo.local", name: "Ian Commander", role: "operator", orgs: [] },
  { id: "usr_admin", email: "admin@demo.local", name: "Ada Admin", role: "admin", orgs: [] },
  { id: "usr_acme_dev", email: "dev@acme.demo.local", name: "Alex Acme", role: "tenant", orgs: ["acme"] },
  { id: "usr_globex_dev", email: "dev@globex.demo.local", name: "Gita Globex", role: "tenant", orgs: ["globex"] },
] as const;
