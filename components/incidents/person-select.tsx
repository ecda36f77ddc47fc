import type { People } from "./people";

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
    <select aria-label={label} className={`rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900 ${className}`} value={value} onChange={(e) => onChange(e.target.value)}>
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
