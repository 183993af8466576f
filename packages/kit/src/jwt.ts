import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { roleOf, type Role } from "./roles.ts";

// Who is calling: the subject of a verified token, and their role. Implementations check
// signature, expiry, issuer and audience, and throw TokenRejected for a token that fails them; any
// other error means the check itself could not be made (the keys are out of reach), which is no
// verdict on the token.
export type Verified = { userId: string; role: Role };
export interface TokenVerifier {
  verify(token: string): Promise<Verified>;
}

export class TokenRejected extends Error {}

// jose's errors while fetching the key set, as opposed to its verdicts on a token.
const KEYS_UNREACHABLE = new Set(["ERR_JWKS_TIMEOUT", "ERR_JOSE_GENERIC"]);

export type JwtOptions = { issuer: string; audience: string };

// Verifies the users service's EdDSA tokens against its public keys.
export class JwtVerifier implements TokenVerifier {
  constructor(
    private readonly keys: JWTVerifyGetKey,
    private readonly options: JwtOptions,
  ) {}

  async verify(token: string): Promise<Verified> {
    try {
      const { payload } = await jwtVerify(token, this.keys, { ...this.options, algorithms: ["EdDSA"], requiredClaims: ["sub", "exp"] });
      return { userId: payload.sub!, role: roleOf(payload.role) };
    } catch (err) {
      if (err instanceof errors.JOSEError && !KEYS_UNREACHABLE.has(err.code)) throw new TokenRejected(err.message, { cause: err });
      throw err;
    }
  }
}

// The users service publishes its public keys at /jwks; the gateway and the storefront fetch them
// through their sidecar (service invocation), cache them, and refetch when a token names an unknown key.
export function usersJwks(dapr: { host: string; httpPort: number; apiToken?: string | undefined }, usersAppId: string): JWTVerifyGetKey {
  const url = new URL(`http://${dapr.host}:${dapr.httpPort}/v1.0/invoke/${usersAppId}/method/jwks`);
  return createRemoteJWKSet(url, { headers: dapr.apiToken ? { "dapr-api-token": dapr.apiToken } : {}, cooldownDuration: 5_000, cacheMaxAge: 10 * 60_000 });
}
