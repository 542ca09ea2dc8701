import { hash, verify, type Options } from "@node-rs/argon2";

// @node-rs/argon2 declares Algorithm as a const enum, which isolated modules cannot read: 2 is its Argon2id.
const ARGON2ID = 2 as NonNullable<Options["algorithm"]>;
// Argon2id with OWASP's recommended minimum (19 MiB, 2 iterations, 1 lane).
const OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never lets anyone in
  }
}

/** A real hash of a random string: verifying against it costs the same as a real account. */
let dummyHash: Promise<string> | undefined;
export function getDummyHash(): Promise<string> {
  return (dummyHash ??= hashPassword(`dummy-${Math.random()}`));
}
