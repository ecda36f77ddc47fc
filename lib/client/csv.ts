// CSV from rows (RFC 4180 quoting; a cell starting with = + - @ is prefixed with ' so a spreadsheet never runs
// it as a formula). Browser-safe.
export type CsvCell = string | number | boolean | null | undefined;

const cell = (v: CsvCell): string => {
  if (v === null || v === undefined) return "";
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function toCsv(header: string[], rows: CsvCell[][]): string {
  return [header, ...rows].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}
