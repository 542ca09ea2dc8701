/** Every account is a learner. These are the roles that can be granted on top. */
export const GRANTABLE_ROLES = ["author", "organiser", "leader", "admin"] as const;
export type Role = (typeof GRANTABLE_ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  author: "Course author",
  organiser: "Event organiser",
  leader: "Organisation leader",
  admin: "Administrator",
};

export function isRole(value: string): value is Role {
  return (GRANTABLE_ROLES as readonly string[]).includes(value);
}
