// The platform's events over OTLP: a log record posted to the platform's OTLP logs endpoint whose event name
// (the record's EventName, or its `event.name` attribute) is one of the kinds is a platform event, not a
// log line. Its attributes give the event's fields by their API names (event.id → event_id, region or the
// resource's cloud.region, org_id, instance_id, reason, exit_code, …; nested ones as JSON strings or
// key-value lists); its time is the record's. Checked by the same schema as POST /api/v1/platform/events.
import "server-only";
import { holds, type Actor } from "@/lib/auth/permissions";
import { PLATFORM_EVENT_KINDS, type PlatformEventKind } from "@/lib/vocabulary";
import type { OtlpRecord } from "@/lib/ingest/otlp";
import { platformEventBody, type PlatformEventBody } from "./contract";
import { postEvents } from "./index";

const NESTED = ["resources", "health_check", "backends", "consumer"];

const kindOf = (r: OtlpRecord): PlatformEventKind | null => {
  const name = r.eventName || r.attributes["event.name"];
  return PLATFORM_EVENT_KINDS.find((k) => k === name) ?? null;
};

function toBody(r: OtlpRecord, kind: PlatformEventKind): Record<string, unknown> {
  const { "event.name": _name, "event.id": id, ...attrs } = r.attributes;
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (NESTED.includes(k) && typeof v === "string") {
      try {
        fields[k] = JSON.parse(v);
      } catch {
        fields[k] = v;
      }
    } else fields[k] = v;
  }
  const nanos = r.timeUnixNano || r.observedTimeUnixNano;
  return {
    event_id: id,
    ts: nanos ? new Date(Number(BigInt(nanos) / 1_000_000n)).toISOString() : undefined,
    kind,
    region: fields.region ?? r.resource["cloud.region"],
    ...fields,
  };
}

/**
 * Takes the platform events out of an OTLP request's records: stores the valid ones (all of them in one
 * batch), and returns the records left for the log and each refused event's problem by its position.
 */
export async function takeEvents(
  actor: Actor,
  records: OtlpRecord[],
): Promise<{ rest: OtlpRecord[]; accepted: number; errors: { line: number; field: string; message: string }[] }> {
  const rest: OtlpRecord[] = [];
  const events: PlatformEventBody[] = [];
  const errors: { line: number; field: string; message: string }[] = [];
  records.forEach((r, i) => {
    const kind = kindOf(r);
    if (!kind) return rest.push(r);
    if (!holds(actor.grants, "events:write"))
      return errors.push({
        line: i + 1,
        field: "event.name",
        message: "platform events need a token with events:write",
      });
    const parsed = platformEventBody.safeParse(toBody(r, kind));
    if (parsed.success) events.push(parsed.data);
    else
      for (const issue of parsed.error.issues)
        errors.push({ line: i + 1, field: issue.path.join(".") || "event", message: issue.message });
  });
  const { accepted } = events.length ? await postEvents(events) : { accepted: 0 };
  return { rest, accepted, errors };
}
