// An optimistic redirect to /login for pages without a session. The real checks are server-side
// (lib/auth in every page and withApi in every API route).
import { withAuth } from "next-auth/middleware";

export default withAuth({ pages: { signIn: "/login" } });

export const config = {
  matcher: ["/((?!api|login|status|_next/static|_next/image|favicon.ico|fonts|icons/|icon.svg|manifest.webmanifest).*)"],
};
