// Where the console answers "is it serving?" and "why did it stop?": the pages of an env, an instance and a
// route. Browser-safe; every link to them is built here.
const seg = encodeURIComponent;

/** An env's "is it serving?" (its tenant's view, or an operator's after a reason). */
export const envHref = (org: string, app: string, env: string) => `/orgs/${seg(org)}/envs/${seg(app)}/${seg(env)}`;
/** An instance's lifecycle and stops (operators). */
export const instanceHref = (id: string) => `/platform/instances/${seg(id)}`;
/** A route's backends and edge config (operators). */
export const routeHref = (route: string) => `/platform/routes/${seg(route)}`;
