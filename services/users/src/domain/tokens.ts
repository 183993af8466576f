import { createPrivateKey, createPublicKey } from "node:crypto";
import type { Role } from "@quire/kit";
import { calculateJwkThumbprint, exportJWK, SignJWT, type JWK } from "jose";

export type TokenOptions = { issuer: string; audience: string; ttlSeconds: number };

// Signs session tokens (EdDSA) with the users service's private key and publishes the matching
// public key, which the gateway verifies tokens with.
export class TokenIssuer {
  private constructor(
    private readonly privateKey: ReturnType<typeof createPrivateKey>,
    private readonly publicJwk: JWK & { kid: string },
    private readonly options: TokenOptions,
  ) {}

  static async fromPem(pem: string, options: TokenOptions): Promise<TokenIssuer> {
    const privateKey = createPrivateKey(pem);
    if (privateKey.asymmetricKeyType !== "ed25519") throw new Error(`The signing key must be Ed25519, not ${privateKey.asymmetricKeyType}.`);
    const jwk = await exportJWK(createPublicKey(privateKey));
    const kid = await calculateJwkThumbprint(jwk);
    return new TokenIssuer(privateKey, { ...jwk, kid, alg: "EdDSA", use: "sig" }, options);
  }

  // The role rides in the token, so the gateway can refuse a shopper at a staff route without
  // asking this service on every request.
  async issue(userId: string, role: Role, now = new Date()): Promise<{ token: string; expiresAt: string }> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expires = issuedAt + this.options.ttlSeconds;
    const token = await new SignJWT({ role })
      .setProtectedHeader({ alg: "EdDSA", kid: this.publicJwk.kid, typ: "JWT" })
      .setSubject(userId)
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expires)
      .sign(this.privateKey);
    return { token, expiresAt: new Date(expires * 1000).toISOString() };
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }
}
