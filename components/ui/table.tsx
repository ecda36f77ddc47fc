"use client";

// The console's data table, one look for every list of rows: text size, header style, cell padding and the
// rules between rows in one place. A table says how dense it is and whether its rows are ruled; its parts follow.
import { createContext, useContext, type HTMLAttributes, type TdHTMLAttributes, type ThHTMLAttributes } from "react";

const PADDING = {
  /** A page's main list (tokens, handoffs). */
  roomy: { head: "px-4 py-2", cell: "px-4 py-2" },
  /** A long list read row by row (audit, status). */
  normal: { head: "px-3 py-2", cell: "px-3 py-1.5" },
  /** A table inside a dashboard panel. */
  tight: { head: "py-1 pr-3", cell: "py-1 pr-3" },
} as const;

type Density = keyof typeof PADDING;

/** Ruled: labels in capitals over a line, a line under each row but the last. Otherwise a line above each row. */
const LOOK = {
  ruled: {
    head: "text-xs text-muted uppercase",
    headRow: "border-b border-zinc-200 dark:border-zinc-800",
    row: "border-b border-zinc-100 last:border-0 dark:border-zinc-800",
  },
  plain: { head: "text-xs text-muted", headRow: undefined, row: "border-t border-zinc-100 dark:border-zinc-800" },
} as const;

const Ctx = createContext<{ density: Density; look: keyof typeof LOOK }>({ density: "normal", look: "plain" });

const classes = (...names: (string | undefined)[]) => names.filter(Boolean).join(" ");

export function Table({
  density = "normal",
  ruled = false,
  children,
}: {
  density?: Density;
  ruled?: boolean;
  children: React.ReactNode;
}) {
  return (
    <Ctx.Provider value={{ density, look: ruled ? "ruled" : "plain" }}>
      <table className="w-full text-left text-sm">{children}</table>
    </Ctx.Provider>
  );
}

/** The header: one row of column headings (HeadCell). */
export function THead({ children }: { children: React.ReactNode }) {
  const look = LOOK[useContext(Ctx).look];
  return (
    <thead className={look.head}>
      <tr className={look.headRow}>{children}</tr>
    </thead>
  );
}

/** A column's heading. */
export function HeadCell({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th {...props} className={classes(PADDING[useContext(Ctx).density].head, "font-medium", className)} />;
}

/** A row of the body, ruled as its table says. */
export function Row({ className, ...props }: HTMLAttributes<HTMLTableRowElement>) {
  return <tr {...props} className={classes(LOOK[useContext(Ctx).look].row, className)} />;
}

/** A row's heading: the first cell, naming what the row is about. */
export function RowHead({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th scope="row" {...props} className={classes(PADDING[useContext(Ctx).density].cell, "font-medium", className)} />
  );
}

export function Cell({ className, ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td {...props} className={classes(PADDING[useContext(Ctx).density].cell, className)} />;
}
