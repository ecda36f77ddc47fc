// What makes a team valid: a slug id, an IANA zone, working hours within the day with start before end.
// Pure, browser-safe.
import type { FieldIssue } from "@/lib/http/errors";
import { isTimeZone } from "@/lib/oncall/wall-clock";

/** Lowercase letters, digits and dashes, starting and ending with a letter or digit. */
export const TEAM_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export interface TeamSettings {
  time_zone: string;
  work_start_hour: number;
  work_end_hour: number;
}

/** Problems with a team's zone and working hours, by field (empty when valid). */
export function teamProblems(t: TeamSettings): FieldIssue[] {
  const problems: FieldIssue[] = [];
  if (!isTimeZone(t.time_zone))
    problems.push({ field: "body.time_zone", message: `'${t.time_zone}' is not an IANA time zone` });
  if (t.work_start_hour >= t.work_end_hour)
    problems.push({
      field: "body.work_end_hour",
      message: `must be after work_start_hour (${t.work_start_hour}:00); working hours are [start, end) within one day`,
    });
  return problems;
}
