import type { People } from "./people";
import { control } from "@/components/ui/control";

/** A labelled picker of the people who can run incidents. */
export function PersonSelect({
  label,
  value,
  people,
  onChange,
  me,
  empty = "none",
  className = "",
}: {
  label: string;
  value: string;
  people: People;
  onChange: (id: string) => void;
  me?: string;
  empty?: string;
  className?: string;
}) {
  return (
    <select
      aria-label={label}
      className={`${control} ${className}`}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="">{empty}</option>
      {Object.entries(people).map(([id, name]) => (
        <option key={id} value={id}>
          {name}
          {id === me ? " (me)" : ""}
        </option>
      ))}
    </select>
  );
}
