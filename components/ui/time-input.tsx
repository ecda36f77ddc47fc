"use client";

// Times typed in 24 hours, whatever the browser's locale: a browser's own date-time and time pickers show
// AM/PM in an en-US locale beside our "UTC" labels. A date and time reads "2026-12-03 14:05" like every time
// the console shows (formatTime); its value, for a form or onValue, stays a datetime-local one
// ("2026-12-03T14:05"), so the callers' parsing is unchanged.
import { useState } from "react";
import { parseUtcInput } from "@/lib/client/range";

/** "2026-12-03 14:05" or "2026-12-03T14:05" → "2026-12-03T14:05"; anything that is not a real time → "". */
export function dateTimeValue(text: string): string {
  const t = parseUtcInput(text);
  return t === null ? "" : new Date(t).toISOString().slice(0, 16);
}

const shown = (v: string | undefined) => (v ?? "").replace("T", " ");

type Shared = Omit<React.InputHTMLAttributes<HTMLInputElement>, "type" | "value" | "defaultValue" | "onChange">;

export function DateTimeInput({
  value,
  defaultValue,
  onValue,
  name,
  ...rest
}: Shared & {
  value?: string;
  defaultValue?: string;
  /** The datetime-local value ("" while the text is not a time) and the text as typed. */
  onValue?: (v: string, text: string) => void;
}) {
  const [text, setText] = useState(shown(value ?? defaultValue));
  const [seen, setSeen] = useState(value);
  if (value !== undefined && value !== seen) {
    // The caller changed the value (a preset, a reset): show it, unless it is what is typed already.
    setSeen(value);
    if (dateTimeValue(text) !== value) setText(shown(value));
  }
  return (
    <>
      <input
        {...rest}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder="YYYY-MM-DD HH:MM"
        pattern="\s*\d{4}-\d{2}-\d{2}[ T]([01]\d|2[0-3]):[0-5]\d\s*"
        title="24-hour time: YYYY-MM-DD HH:MM"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onValue?.(dateTimeValue(e.target.value), e.target.value);
        }}
      />
      {name && <input type="hidden" name={name} value={dateTimeValue(text)} />}
    </>
  );
}

/** Props for an <input> holding a 24-hour "HH:MM" (the same value a time picker gives). */
export const time24 = {
  type: "text",
  inputMode: "numeric",
  autoComplete: "off",
  placeholder: "HH:MM",
  pattern: "([01]\\d|2[0-3]):[0-5]\\d",
  title: "24-hour time: HH:MM",
} as const;
