import { route, withApi } from "@/lib/api/handler";
import { listExercisesEndpoint, recordExerciseEndpoint } from "@/lib/runbooks/contract";
import { recordExercise, runbookHistory } from "@/lib/runbooks/exercises";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = route({
  // GET /api/v1/runbooks/:slug/exercises — when it was last exercised, by whom, and the deviations noted
  GET: withApi(listExercisesEndpoint, ({ params }) => runbookHistory(params.slug)),
  // POST /api/v1/runbooks/:slug/exercises — record a drill in staging or a use in an incident
  POST: withApi(recordExerciseEndpoint, ({ actor, params, body }) => recordExercise(actor, params.slug, body)),
});
