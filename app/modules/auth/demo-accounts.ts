import type { Role } from "./roles.ts";

/** The demo logins printed in README.md. Never created unless asked for (demo-accounts.server.ts). */
export const DEMO_ACCOUNTS: { email: string; password: string; name: string; roles: Role[]; roleInSchool: string }[] = [
  { email: "learner@pathways.test", password: "learner-pathways-demo", name: "Lena Learner", roles: [], roleInSchool: "class-teacher" },
  {
    email: "author@pathways.test",
    password: "author-pathways-demo",
    name: "Ade Author",
    roles: ["author"],
    roleInSchool: "computing-lead",
  },
  {
    email: "organiser@pathways.test",
    password: "organiser-pathways-demo",
    name: "Omar Organiser",
    roles: ["organiser"],
    roleInSchool: "other",
  },
  { email: "leader@pathways.test", password: "leader-pathways-demo", name: "Lee Leader", roles: ["leader"], roleInSchool: "headteacher" },
  { email: "funder@pathways.test", password: "funder-pathways-demo", name: "Fay Funder", roles: ["funder"], roleInSchool: "other" },
  {
    email: "evaluator@pathways.test",
    password: "evaluator-pathways-demo",
    name: "Eve Evaluator",
    roles: ["evaluator"],
    roleInSchool: "other",
  },
  { email: "admin@pathways.test", password: "admin-pathways-demo", name: "Ana Admin", roles: ["admin"], roleInSchool: "other" },
];
export const DEMO_ORGANISATION = "Pathways Demo Academy";
