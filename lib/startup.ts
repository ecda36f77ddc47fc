// What the Node server does once at start (called from instrumentation.ts).
import "server-only";
import { authSecret, env } from "./env";
import { prepareDatabase } from "./db/prepare";

export async function startServer(): Promise<void> {
  try {
    const e = env();
    process.env.NEXTAUTH_SECRET ??= authSecret(e);
    await prepareDatabase();
  } catch (err) {
    console.error(`\nOps Console cannot start.\n${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
