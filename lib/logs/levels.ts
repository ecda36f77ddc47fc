// Log levels, least to most severe. Browser-safe: the schema, the API and the log view share them.
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
