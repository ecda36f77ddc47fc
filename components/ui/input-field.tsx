// A small labelled input (text, date, time) for forms, as SelectField is for selects.
import type { InputHTMLAttributes } from "react";
import { control, fieldLabel } from "./control";

export function InputField({
  label,
  className = "",
  ...input
}: { label: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className={fieldLabel}>
      {label}
      <input className={`mt-0.5 block ${control} ${className}`.trim()} {...input} />
    </label>
  );
}
