// People by user id, as incident pages name them.
export type People = Record<string, string>;
