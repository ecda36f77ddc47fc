// Strings from the URL, storage or a select, read as one of a known list of values (or not at all).

/** The value when it is one of `choices`, typed as that choice; undefined otherwise. */
export function oneOf<T extends string>(choices: readonly T[], value: unknown): T | undefined {
  return choices.find((c) => c === value);
}
