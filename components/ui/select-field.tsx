// A small labelled select for filter bars and controls. Options are values or [value, label] pairs.
import { control, fieldLabel } from "./control";

const SELECT = `mt-0.5 block ${control}`;

export type SelectOption = string | readonly [value: string, label: string];

export function SelectField({
  label,
  value,
  options,
  onChange,
  name,
}: {
  label: string;
  value: string;
  options: readonly SelectOption[];
  onChange: (value: string) => void;
  name?: string;
}) {
  return (
    <label className={fieldLabel}>
      {label}
      <select
        aria-label={label}
        name={name}
        className={SELECT}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((o) => {
          const [v, text] = typeof o === "string" ? [o, o] : o;
          return (
            <option key={v} value={v}>
              {text}
            </option>
          );
        })}
      </select>
    </label>
  );
}

const MANY = "\u0000many";

/**
 * A filter that holds a list (`?service=a&service=b`) picked one value at a time: "all", one value, or —
 * when a link set several — those together until one is picked.
 */
export function PickField({
  label,
  values,
  selected,
  onChange,
  allLabel = "all",
}: {
  label: string;
  values?: readonly string[];
  selected: string[];
  onChange: (v: string[]) => void;
  allLabel?: string;
}) {
  const options = [...new Set([...(values ?? []), ...selected])];
  return (
    <label className={fieldLabel}>
      {label}
      <select
        className={`${SELECT} max-w-48`}
        value={selected.length > 1 ? MANY : (selected[0] ?? "")}
        onChange={(e) => e.target.value !== MANY && onChange(e.target.value ? [e.target.value] : [])}
      >
        <option value="">{allLabel}</option>
        {selected.length > 1 && <option value={MANY}>{selected.join(", ")}</option>}
        {options.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </label>
  );
}
