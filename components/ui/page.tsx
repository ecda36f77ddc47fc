// Page scaffolding shared by every console page: header, empty state, error and forbidden panels.
export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: React.ReactNode;
  actions?: React.ReactNode;
}) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div className="min-w-0">
        <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
        {description && <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</p>}
      </div>
      {actions}
    </div>
  );
}

export function Panel({ children, className = "" }: { children: React.ReactNode; className?: string }) {
  return (
    <div className={`rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900 ${className}`}>
      {children}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="px-6 py-12 text-center">
      <p className="font-medium">{title}</p>
      {children && <div className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{children}</div>}
    </div>
  );
}

export function ErrorNotice({
  title = "Something went wrong",
  message,
  requestId,
}: {
  title?: string;
  message: string;
  requestId?: string;
}) {
  return (
    <div
      role="alert"
      className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
    >
      <p className="font-medium">{title}</p>
      <p className="mt-0.5 break-words">{message}</p>
      {requestId && <p className="mt-1 font-mono text-xs opacity-75">request id {requestId}</p>}
    </div>
  );
}

export function Forbidden({ what }: { what: string }) {
  return (
    <Panel className="mx-auto mt-10 max-w-lg">
      <EmptyState title="You don't have access to this page">{what} Ask an admin if you think you should.</EmptyState>
    </Panel>
  );
}

export function Skeleton({ rows = 5 }: { rows?: number }) {
  return (
    <div className="animate-pulse space-y-2 p-4" aria-label="Loading" role="status">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="h-5 rounded bg-zinc-200 dark:bg-zinc-800" style={{ width: `${90 - (i % 3) * 15}%` }} />
      ))}
    </div>
  );
}

/** Whether a page's live feed is connected (see useEventStream). */
export function LiveStatus({ live }: { live: boolean }) {
  return (
    <span
      className={`text-xs ${live ? "text-emerald-700 dark:text-emerald-400" : "text-amber-700 dark:text-amber-400"}`}
    >
      {live ? "● live" : "reconnecting…"}
    </span>
  );
}

/**
 * A query's three states in one place: a skeleton while it loads, its error, and — once loaded — `empty`
 * when there is nothing to show (null: show the content anyway), else the content.
 */
export function QueryState<T>({
  query,
  empty,
  rows = 5,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: { message: string } | null; data: T | undefined };
  empty?: (data: T) => React.ReactNode | null;
  rows?: number;
  children: (data: T) => React.ReactNode;
}) {
  if (query.isPending) return <Skeleton rows={rows} />;
  if (query.isError || query.data === undefined)
    return (
      <div className="p-4">
        <ErrorNotice message={query.error?.message ?? "No data"} />
      </div>
    );
  return <>{empty?.(query.data) ?? children(query.data)}</>;
}

/** One fact of a `facts` list: its label over (on a phone, beside) its value. */
export function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-muted capitalize">{label}</dt>
      <dd className="truncate-wide">{children}</dd>
    </div>
  );
}
