import { z } from "zod";
import { isCommonPassword } from "./common-passwords.ts";

/** Shared by the forms (client-side validation) and the actions (the real check). */

export const ORGANISATION_TYPES = {
  "primary-school": "Primary school",
  "secondary-school": "Secondary school",
  "all-through-school": "All-through school",
  "special-school": "Special school or alternative provision",
  "sixth-form-college": "Sixth form college",
  "fe-college": "Further education college",
  university: "University or teacher training provider",
  company: "Company or employer",
  other: "Other",
} as const;
export type OrganisationType = keyof typeof ORGANISATION_TYPES;

export const ROLES_IN_SCHOOL = {
  "class-teacher": "Class or subject teacher",
  "computing-lead": "Computing or subject leader",
  "senior-leader": "Senior leader",
  headteacher: "Headteacher or principal",
  "careers-leader": "Careers leader",
  "teaching-assistant": "Teaching assistant",
  "trainee-teacher": "Trainee teacher",
  "it-professional": "IT professional moving into teaching",
  other: "Other",
} as const;
export type RoleInSchool = keyof typeof ROLES_IN_SCHOOL;

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

const keys = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

export const EmailSchema = z
  .string({ error: "Enter your email address" })
  .trim()
  .min(1, "Enter your email address")
  .max(254, "Email address must be 254 characters or fewer")
  .pipe(z.email("Enter an email address in the correct format, like name@school.org.uk"))
  .transform((e) => e.toLowerCase());

export const NewPasswordSchema = z
  .string({ error: "Enter a password" })
  .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`)
  .refine((p) => !isCommonPassword(p), "This password is too common. Choose one that is harder to guess");

export const NameSchema = z
  .string({ error: "Enter your name" })
  .trim()
  .min(1, "Enter your name")
  .max(100, "Name must be 100 characters or fewer");

export const SignUpSchema = z.object({
  name: NameSchema,
  email: EmailSchema,
  password: NewPasswordSchema,
  organisationName: z
    .string({ error: "Enter the name of your school or organisation" })
    .trim()
    .min(2, "Enter the name of your school or organisation")
    .max(150, "Organisation name must be 150 characters or fewer"),
  organisationType: z.enum(keys(ORGANISATION_TYPES), { error: "Select the type of organisation" }),
  roleInSchool: z.enum(keys(ROLES_IN_SCHOOL), { error: "Select your role" }),
});

export const SignInSchema = z.object({
  email: EmailSchema,
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(PASSWORD_MAX_LENGTH),
  redirectTo: z.string().optional(),
});

export const ForgotPasswordSchema = z.object({ email: EmailSchema });

export const ResetPasswordSchema = z
  .object({
    token: z.string().min(1),
    password: NewPasswordSchema,
    confirmPassword: z.string({ error: "Confirm your new password" }),
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The passwords do not match",
  });

/** Post-sign-in destinations: paths on this app only (the one rule for redirect targets, app/utils/safe-redirect.ts). */
export { safeRedirect } from "~/utils/safe-redirect.ts";

export const ChangePasswordSchema = z
  .object({
    intent: z.literal("change-password"),
    currentPassword: z.string({ error: "Enter your current password" }).min(1, "Enter your current password"),
    password: NewPasswordSchema,
    confirmPassword: z.string({ error: "Confirm your new password" }),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match" });

/** "Send the link again" on the check-email page. */
export const ResendConfirmationSchema = z.object({ email: EmailSchema });

/** The account page's forms (one action, several intents: docs/decisions/0031). */
export const ChangeNameSchema = z.object({ intent: z.literal("change-name"), name: NameSchema });
export const ChangeEmailSchema = z.object({
  intent: z.literal("change-email"),
  email: EmailSchema,
  currentPassword: z.string({ error: "Enter your current password" }).min(1, "Enter your current password").max(PASSWORD_MAX_LENGTH),
});
export const ResendOwnConfirmationSchema = z.object({ intent: z.literal("resend-confirmation") });
export const ReissueCertificatesSchema = z.object({ intent: z.literal("reissue-certificates") });
export const AccountActionSchema = z.discriminatedUnion("intent", [
  ChangePasswordSchema,
  ChangeNameSchema,
  ChangeEmailSchema,
  ResendOwnConfirmationSchema,
  ReissueCertificatesSchema,
]);
