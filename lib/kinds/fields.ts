// Columns more than one kind has, declared once: the host a line comes from and the release it ran.
import type { FieldDecl } from "./declare";

export const HOST_ID = {
  key: "host_id",
  label: "Host",
  ch: "LowCardinality(Nullable(String))",
  max: 200,
  otlp: { from: [["res", "host.name", "host.id"]] },
  loki: {
    from: [
      ["labels", "host", "hostname"],
      ["meta", "host", "hostname"],
    ],
  },
} as const satisfies FieldDecl;

export const RELEASE_ID = {
  key: "release_id",
  label: "Release",
  ch: "LowCardinality(Nullable(String))",
  max: 200,
  otlp: {
    from: [
      ["res", "service.version"],
      ["attrs", "release_id"],
    ],
  },
  loki: {
    from: [
      ["labels", "release", "version"],
      ["meta", "release", "version"],
    ],
  },
} as const satisfies FieldDecl;
