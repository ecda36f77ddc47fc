"use client";

// A labelled group of toggles for picking several values from a known list (services from the catalog,
// regions): a fieldset with a legend, each choice a checkbox at least 44 px tall on phones.
import { fieldLabel } from "./control";

export function ChoiceField<T extends string>({
  label,
  options,
  value,
  onChange,
  className = "",
}: {
  label: string;
  /** Values, or [value, label] pairs. */
  options: readonly (T | readonly [T, string])[];
  value: readonly T[];
  onChange: (value: T[]) => void;
  className?: string;
}) {
  const pairs = options.map((o) => (typeof o === "string" ? ([o, o] as const) : o));
  return (
    <fieldset className={className}>
      <legend className={fieldLabel}>{label}</legend>
      <div className="mt-1 flex flex-wrap gap-1.5">
        {pairs.map(([v, text]) => {
          const on = value.includes(v);
          return (
            <label
              key={v}
              className={`inline-flex min-h-11 cursor-pointer items-center gap-1.5 rounded-md border px-2 text-sm md:min-h-8 ${on ? "border-indigo-500 bg-indigo-50 text-indigo-900 dark:bg-indigo-950 dark:text-indigo-100" : "border-zinc-300 dark:border-zinc-700"}`}
            >
              <input
                type="checkbox"
                className="size-4"
                checked={on}
                onChange={(e) => onChange(e.target.checked ? [...value, v] : value.filter((x) => x !== v))}
              />
              {text}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
