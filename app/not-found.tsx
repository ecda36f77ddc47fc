import Link from "next/link";

export default function NotFound() {
  return (
    <main className="grid min-h-screen place-items-center p-6 text-center">
      <div>
        <p className="text-sm font-medium text-indigo-700 dark:text-indigo-400">404</p>
        <h1 className="mt-1 text-2xl font-semibold">Page not found</h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">There is nothing at this address.</p>
        <Link
          href="/"
          className="mt-4 inline-block text-sm font-medium text-indigo-700 dark:text-indigo-400 hover:underline"
        >
          Back to the console
        </Link>
      </div>
    </main>
  );
}
