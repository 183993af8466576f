import { AppError, mutate, type StateStore } from "@quire/kit";
import { decoyHash, hashPassword, verifyPassword } from "./passwords.ts";
import type { TokenIssuer } from "./tokens.ts";
import { emailKey, profile, roleOfUser, userKey, type Address, type User } from "./user.ts";

const ADMIN_ATTEMPTS = 5;

export class UserService {
  constructor(
    private readonly state: StateStore,
    private readonly tokens: TokenIssuer,
    private readonly newId: () => string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  // The account is written first, then its email is claimed create-only: of two registrations
  // racing for one email exactly one wins, and a crash in between leaves only an unreachable
  // account, never an email that nobody can register again. The same registration sent again
  // (a sidecar retries a request that timed out after it was done) finds its own account: with
  // the right password it gets that account back instead of "taken".
  // Sign-up always makes a shopper: staff accounts come only from ensureAdmin.
  async register(input: { email: string; password: string; name: string }) {
    const user: User = { id: this.newId(), email: input.email, name: input.name, passwordHash: await hashPassword(input.password), role: "shopper", createdAt: this.now().toISOString() };
    await this.state.save(userKey(user.id), user);
    if ((await this.claimEmail(user)) === "ours") return profile(user);
    const existing = await this.byEmail(user.email);
    if (existing && existing.name === input.name && (await verifyPassword(input.password, existing.passwordHash))) return profile(existing);
    throw new AppError("CONFLICT", "That email address is already registered.");
  }

  // Claims the email for `user`, whose record is already written. A claim the store reports as
  // lost may be our own write whose answer was lost (the sidecar timed out after the store took
  // it, and a create-only save then finds the key taken): the index says whose it is. Only a
  // record the index does not point to is deleted, so the index never points at nothing.
  private async claimEmail(user: User): Promise<"ours" | "theirs"> {
    if ((await this.state.save(emailKey(user.email), { userId: user.id })) === "saved") return "ours";
    const { value: index } = await this.state.get<{ userId: string }>(emailKey(user.email));
    if (index?.userId === user.id) return "ours";
    await this.state.delete(userKey(user.id));
    return "theirs";
  }

  private async byEmail(email: string): Promise<User | undefined> {
    const { value: index } = await this.state.get<{ userId: string }>(emailKey(email));
    return index ? (await this.state.get<User>(userKey(index.userId))).value : undefined;
  }

  // One answer for an unknown email and a wrong password, in about the same time.
  async signIn(email: string, password: string) {
    const user = await this.byEmail(email);
    const ok = await verifyPassword(password, user?.passwordHash ?? decoyHash);
    if (!user || !ok) throw new AppError("UNAUTHORIZED", "Wrong email or password.");
    return this.tokens.issue(user.id, roleOfUser(user), this.now());
  }

  // The staff account named by the secret store, made or mended at every start: it exists, is an
  // admin, and signs in with the secret's password (a changed secret changes the password). Safe
  // to run again and from two starts at once: the email is claimed create-only as at sign-up, and
  // the loser mends the winner's account with a conditional write.
  async ensureAdmin({ email, password }: { email: string; password: string }) {
    for (let attempt = 1; attempt <= ADMIN_ATTEMPTS; attempt++) {
      const existing = await this.byEmail(email);
      if (existing) return this.promote(existing, password);
      const user: User = { id: this.newId(), email, name: "Quire staff", passwordHash: await hashPassword(password), role: "admin", createdAt: this.now().toISOString() };
      await this.state.save(userKey(user.id), user);
      if ((await this.claimEmail(user)) === "ours") return profile(user);
    }
    throw new Error(`The admin account ${email} could be neither created nor found.`);
  }

  private async promote(existing: User, password: string) {
    const passwordHash = (await verifyPassword(password, existing.passwordHash)) ? existing.passwordHash : await hashPassword(password);
    const updated = await mutate<User>(this.state, userKey(existing.id), (user) =>
      !user || (user.role === "admin" && user.passwordHash === passwordHash) ? undefined : { ...user, role: "admin", passwordHash },
    );
    return profile(updated ?? existing);
  }

  async profile(id: string) {
    const { value } = await this.state.get<User>(userKey(id));
    if (!value) throw new AppError("NOT_FOUND", "No such user.");
    return profile(value);
  }

  async setAddress(id: string, address: Address) {
    const updated = await mutate<User>(this.state, userKey(id), (user) => (user ? { ...user, address } : undefined));
    if (!updated) throw new AppError("NOT_FOUND", "No such user.");
    return profile(updated);
  }
}
