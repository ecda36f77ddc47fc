"use client";

// A time typed in UTC, 24-hour ("2026-12-03 05:29"): the browser's date-time picker follows the
// machine's locale (AM/PM beside "UTC" on many), so the console asks for the time as it shows it.
import type { InputHTMLAttributes } from "react";
import { control } from "./control";

export function UtcInput({ className = "", ...props }: Omit<InputHTMLAttributes<HTMLInputElement>, "type">) {
  return (
    <input
      type="text"
      placeholder="YYYY-MM-DD HH:MM"
      inputMode="numeric"
      autoComplete="off"
      spellCheck={false}
      {...props}
      className={`${control} font-mono ${className}`}
    />
  );
}
