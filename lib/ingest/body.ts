// Compressed request bodies, inflated with a cap on what they grow to: the compressed size is already
// counted as it arrives (withApi), and a decompression bomb stops at the inflated cap, never its own size.
import zlib from "node:zlib";
import snappy from "snappyjs";
import { ApiError, errorCode, errorMessage } from "@/lib/http/errors";

/** How large an ingest body may grow when inflated: 4× the 5 MB compressed limit. */
export const MAX_INFLATED_BYTES = 20 * 1024 * 1024;

const tooLarge = (max: number) =>
  new ApiError("payload_too_large", `The body inflates to more than the ${max} byte limit; send smaller batches.`);

/** The body as sent after undoing `Content-Encoding` (identity, gzip or deflate). */
export function inflate(raw: Uint8Array, encoding: string | null, max = MAX_INFLATED_BYTES): Uint8Array {
  const enc = (encoding ?? "identity").trim().toLowerCase();
  if (enc === "" || enc === "identity") return raw;
  if (enc !== "gzip" && enc !== "x-gzip" && enc !== "deflate") {
    throw new ApiError(
      "unsupported_media_type",
      `Content-Encoding '${enc.slice(0, 40)}' is not supported: send identity, gzip or deflate.`,
    );
  }
  try {
    return enc === "deflate"
      ? zlib.inflateSync(raw, { maxOutputLength: max })
      : zlib.gunzipSync(raw, { maxOutputLength: max });
  } catch (e) {
    if (errorCode(e) === "ERR_BUFFER_TOO_LARGE") throw tooLarge(max);
    throw new ApiError("bad_request", `The body is not valid ${enc} data.`, {
      details: { fields: [{ field: "body", message: `is not valid ${enc}` }] },
    });
  }
}

/** A snappy block (Loki's protobuf push), inflated with the same cap. */
export function unsnappy(raw: Uint8Array, max = MAX_INFLATED_BYTES): Uint8Array {
  try {
    return snappy.uncompress(raw, max);
  } catch (e) {
    // snappyjs says "The uncompressed length of N is too big, expect at most M".
    if (/too (large|big)/i.test(errorMessage(e))) throw tooLarge(max);
    throw new ApiError(
      "bad_request",
      "The body is not a valid snappy block (Loki's protobuf push is snappy-compressed).",
      { details: { fields: [{ field: "body", message: "is not valid snappy" }] } },
    );
  }
}

/** A Content-Type's media type, lowercased, without its parameters ("" when there is none). */
export function mediaType(contentType: string | null): string {
  const [type = ""] = (contentType ?? "").split(";");
  return type.trim().toLowerCase();
}
