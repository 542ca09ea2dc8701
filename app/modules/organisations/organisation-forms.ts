/**
 * The organisation pages' forms, one zod schema per page, shared by the routes (server) and
 * Conform (browser): the admin's organisations page, a member's "Your organisations", a leader's
 * staff page and its removal confirmation (docs/decisions/0046).
 */
import { z } from "zod";
import { EmailSchema, ORGANISATION_TYPES, type OrganisationType } from "~/modules/auth/account-schema.ts";
import { MembershipRole, MEMBERSHIP_ROLES } from "./organisations.ts";

const id = z.string().min(1).max(64);
const types = Object.keys(ORGANISATION_TYPES) as [OrganisationType, ...OrganisationType[]];
const ENTER_NAME = "Enter the organisation's name";
const ENTER_EMAIL = "Enter an email address, like name@school.example";

/** /admin/organisations: create an organisation, or add someone to one with a role. */
export const AdminOrganisationActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    name: z.string({ error: ENTER_NAME }).trim().min(2, ENTER_NAME).max(120, "Keep the name under 120 characters"),
    type: z.enum(types, { error: "Choose the type of organisation" }),
  }),
  z.object({
    intent: z.literal("add-member"),
    organisationId: id,
    email: z.email({ error: ENTER_EMAIL }).max(254),
    role: z.enum(MEMBERSHIP_ROLES),
  }),
]);

/** /organisations: share or stop sharing one's record, or ask to join the organisation named at sign-up. */
export const YourOrganisationsActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("share"), organisationId: id, share: z.enum(["yes", "no"]) }),
  z.object({ intent: z.literal("ask-to-join"), organisationId: id }),
]);

/**
 * What a leader may do on the staff page: invite members of staff, resend or cancel invitations,
 * and answer requests to join. Making someone a leader is for admins (a `role` other than member
 * is refused with 403); removing someone has its own confirmation page.
 */
export const StaffActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("invite"),
    email: EmailSchema,
    role: z.literal(MembershipRole.member, { error: "Only administrators can make someone a leader." }).optional(),
  }),
  z.object({ intent: z.literal("resend-invitation"), invitationId: id }),
  z.object({ intent: z.literal("cancel-invitation"), invitationId: id }),
  z.object({ intent: z.literal("approve-join"), requestId: id }),
  z.object({ intent: z.literal("decline-join"), requestId: id }),
]);

/** The confirmation page's one button. */
export const RemoveStaffMemberSchema = z.object({ intent: z.literal("remove-member") });
