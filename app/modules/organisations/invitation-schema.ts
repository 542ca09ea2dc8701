import { z } from "zod";
import { NewPasswordSchema, ROLES_IN_SCHOOL, type RoleInSchool } from "~/modules/auth/account-schema.ts";

/** The invitation link's token as generateToken makes it (32 random bytes, base64url). */
export const InvitationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

const roles = Object.keys(ROLES_IN_SCHOOL) as [RoleInSchool, ...RoleInSchool[]];

/**
 * The answers on an invitation page: accept or decline (signed in as the invited address, or not
 * signed in for declining), or create an account for the invited address and accept.
 */
export const InvitationAnswerSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept") }),
  z.object({ intent: z.literal("decline") }),
  z.object({
    intent: z.literal("create-account"),
    name: z.string({ error: "Enter your name" }).trim().min(1, "Enter your name").max(100, "Name must be 100 characters or fewer"),
    password: NewPasswordSchema,
    roleInSchool: z.enum(roles, { error: "Select your role" }),
  }),
]);
