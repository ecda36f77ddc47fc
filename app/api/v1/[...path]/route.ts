import { ApiError } from "@/lib/http/errors";
import { errorResponse } from "@/lib/api/handler";

// Any other /api/v1 path — 404 in the one error shape
async function notFound(req: Request) {
  const path = new URL(req.url).pathname;
  return errorResponse(new ApiError("not_found", `No API route ${req.method} ${path}.`), crypto.randomUUID());
}

export { notFound as GET, notFound as HEAD, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
