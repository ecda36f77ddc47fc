// A real OpenID provider (node-oidc-provider) on 127.0.0.1 for the SSO sign-in e2e test.
// Its development login form accepts any login; the login is used as the email.
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT ?? 3901);
const consoleUrl = process.env.CONSOLE_URL ?? "http://127.0.0.1:3100";
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "ops-console-e2e",
      client_secret: "ops-console-e2e-secret",
      redirect_uris: [`${consoleUrl}/api/auth/callback/oidc`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: id, email_verified: true, name: `SSO ${id}` };
      },
    };
  },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  conformIdTokenClaims: false,
  cookies: { keys: ["ops-console-e2e-cookie-key"] },
  features: { devInteractions: { enabled: true } },
});
provider.proxy = true;

provider.listen(port, "127.0.0.1", () => console.log(`OIDC provider at ${issuer}`));
