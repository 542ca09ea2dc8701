/** Every account is a learner. These are the roles that can be granted on top. */
export const GRANTABLE_ROLES = ["author", "organiser", "leader", "funder", "evaluator", "admin"] as const;
export type Role = (typeof GRANTABLE_ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  author: "Course author",
  organiser: "Event organiser",
  leader: "Organisation leader",
  // Reads the impact report and nothing else (docs/decisions/0060).
  funder: "Funder (impact report)",
  // Reads evaluations and makes pseudonymised exports, each logged (docs/decisions/0064).
  evaluator: "Evaluator (pseudonymised exports)",
  admin: "Administrator",
};

export function isRole(value: string): value is Role {
  return (GRANTABLE_ROLES as readonly string[]).includes(value);
}
