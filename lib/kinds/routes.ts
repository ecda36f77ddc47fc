// A kind's route handlers, from its endpoints: each app/api route file of a kind is one line naming the
// kind and the route. Every read goes through the reader (access, audit details, limits); every write
// through the ingest of its protocol.
import "server-only";
import { route, withApi } from "@/lib/api/handler";
import { leasesOpen } from "@/lib/limits";
import { ingestLoki, ingestNative, ingestOtlp } from "@/lib/ingest";
import { builtOncePerKind, type KindDecl } from "./declare";
import { kindEndpoints } from "./endpoints";
import { readCtx } from "./kind";
import { leaseOf, limitsOf } from "./limits";
import { exportLines, readContext, readFacets, readPage } from "./reader";
import { openTail } from "./tail";

/** The scope a request names: its org path parameter, or null for a kind read whole. */
const scopeIn = (kind: KindDecl, params: unknown): string | null => {
  if (!kind.scope || typeof params !== "object" || params === null) return null;
  const v: unknown = Object.getOwnPropertyDescriptor(params, kind.scope.param)?.value;
  return typeof v === "string" ? v : null;
};

/** The limits, and the tails open now against the cap that binds: the org's, or for a kind read whole the person's. */
async function limitsWithUsage(kind: KindDecl, scope: string | null, userId: string) {
  const limits = limitsOf(kind);
  if (kind.scope)
    return {
      limits,
      usage: {
        tails_open: await leasesOpen(leaseOf(kind), { org: scope ?? undefined }),
        tails_max: limits.max_tails_per_org,
      },
    };
  return {
    limits,
    usage: { tails_open: await leasesOpen(leaseOf(kind), { user: userId }), tails_max: limits.max_tails_per_user },
  };
}

/** The route modules of a kind, by route (built once per kind). */
export const kindRoutes = builtOncePerKind(buildRoutes);

/** The ingest shares the read path's module when their paths are one (platform logs). */
function buildRoutes(kind: KindDecl) {
  const ep = kindEndpoints(kind);
  const ingest = withApi(ep.ingest, ({ req, actor, rawBody }) =>
    ingestNative(kind, actor, rawBody, req.headers.get("content-type")),
  );
  const query = withApi(ep.query, (ctx) => readPage(kind, readCtx(ctx), scopeIn(kind, ctx.params), ctx.query));
  const shared = kind.paths.ingest === kind.paths.read;
  return {
    read: route(shared ? { GET: query, POST: ingest } : { GET: query }),
    ingest: route({ POST: ingest }),
    otlp: route({ POST: withApi(ep.otlp, ({ req, actor, rawBody }) => ingestOtlp(kind, actor, req, rawBody)) }),
    loki: route({ POST: withApi(ep.loki, ({ req, actor, rawBody }) => ingestLoki(kind, actor, req, rawBody)) }),
    context: route({
      GET: withApi(ep.context, (ctx) =>
        readContext(kind, readCtx(ctx), scopeIn(kind, ctx.params), String(ctx.params.id), ctx.query),
      ),
    }),
    export: route({
      GET: withApi(ep.export, (ctx) => exportLines(kind, readCtx(ctx), scopeIn(kind, ctx.params), ctx.query)),
    }),
    facets: route({
      GET: withApi(ep.facets, (ctx) => readFacets(kind, readCtx(ctx), scopeIn(kind, ctx.params), ctx.query)),
    }),
    limits: route({
      GET: withApi(ep.limits, (ctx) => limitsWithUsage(kind, scopeIn(kind, ctx.params), ctx.actor.user.id)),
    }),
    tail: route({ GET: withApi(ep.tail, (ctx) => openTail(kind, readCtx(ctx), scopeIn(kind, ctx.params), ctx.query)) }),
  };
}
