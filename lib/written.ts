// The one row a write gave back: an insert, or an update of a row known to exist, returns exactly one
// row through `returning()`; none is a bug, said plainly.
export function written<T>(rows: T[], what: string): T {
  const [row] = rows;
  if (!row) throw new Error(`${what} returned no row.`);
  return row;
}
