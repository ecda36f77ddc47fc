// Server start: validate the environment, migrate, seed the embedded demo. `next start` and `npm start`
// both come through here, so the database is ready before the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("./lib/startup");
    await startServer();
  }
}
