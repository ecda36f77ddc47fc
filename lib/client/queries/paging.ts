// Paging by cursor, as every list endpoint answers it: the first page has none, the next starts where a page ended.
export const cursorPages: {
  initialPageParam: string | null;
  getNextPageParam: (last: { next_cursor: string | null }) => string | null;
} = {
  initialPageParam: null,
  getNextPageParam: (last) => last.next_cursor,
};
