// An independent OpenID provider (npm oidc-provider, a certified implementation) for the
// interoperability test: a second portal server signs in through it as it would through ID-porten.
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT ?? 3200);
const portal = process.env.PORTAL_URL ?? "http://127.0.0.1:3101";
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "portal",
      client_secret: "interop-test-secret",
      redirect_uris: [`${portal}/auth/callback`],
      post_logout_redirect_uris: [`${portal}/`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  pkce: { required: () => true },
  scopes: ["openid", "profile", "digdir:dialogporten"],
  claims: { openid: ["sub", "pid"], profile: ["name"] },
  // The person's claims go into the ID token, as ID-porten puts pid there.
  conformIdTokenClaims: false,
  // The login is the national identity number (any password): a test provider's way of choosing whom to be.
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, pid: id, name: `Testperson ${id}` };
      },
    };
  },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
});
provider.proxy = false;
provider.listen(port, () => console.log(`oidc-provider listening at ${issuer}`));
