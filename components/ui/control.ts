// The look of every text field and select in the console, one place: 44 px tall on phones (a finger's
// target), compact from md up; the focus ring comes from the global :focus-visible rule.
export const control =
  "min-h-11 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm text-zinc-900 focus:border-indigo-500 focus:outline-none md:min-h-0 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";

/** The label above a field, wrapping it (SelectField, InputField). */
export const fieldLabel = "text-xs font-medium text-zinc-600 dark:text-zinc-400";
