import { TokenRejected, type Role, type TokenVerifier } from "@quire/kit";

export type Identity = { userId?: string; role?: Role; problem?: string };

const BEARER = /^Bearer ([A-Za-z0-9_.-]+)$/;

// The token in "Authorization: Bearer <jwt>", unchecked: only its signature check says who sent it.
export const bearerToken = (authorization: string | undefined): string | undefined => (authorization ? BEARER.exec(authorization)?.[1] : undefined);

// No header is an anonymous caller; a bad token is an anonymous caller with a reason, so a
// protected route can say why it refuses. Keys out of reach are no verdict on the token: that
// error goes on to the caller.
export async function identify(verifier: TokenVerifier, authorization: string | undefined): Promise<Identity> {
  if (!authorization) return {};
  const token = bearerToken(authorization);
  if (!token) return { problem: "The Authorization header must be 'Bearer <token>'." };
  try {
    return await verifier.verify(token);
  } catch (err) {
    if (err instanceof TokenRejected) return { problem: "The token is invalid or has expired; sign in again." };
    throw err;
  }
}
