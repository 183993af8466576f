import { TokenRejected, type TokenVerifier } from "@quire/kit";

export type Identity = { userId?: string; problem?: string };

// Reads "Authorization: Bearer <jwt>". No header is an anonymous caller; a bad token is an
// anonymous caller with a reason, so a protected route can say why it refuses. Keys out of reach
// are no verdict on the token: that error goes on to the caller.
export async function identify(verifier: TokenVerifier, authorization: string | undefined): Promise<Identity> {
  if (!authorization) return {};
  const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization);
  if (!match) return { problem: "The Authorization header must be 'Bearer <token>'." };
  try {
    return { userId: (await verifier.verify(match[1]!)).userId };
  } catch (err) {
    if (err instanceof TokenRejected) return { problem: "The token is invalid or has expired; sign in again." };
    throw err;
  }
}
