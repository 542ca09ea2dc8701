import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { ImportZipSchema } from "../authoring/schemas.ts";
import { RevokeCertificateSchema } from "../certificates/certificate-forms.ts";
import { AdminOrganisationActionSchema, StaffActionSchema } from "./organisation-forms.ts";

function form(values: Record<string, string | File>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.append(key, value);
  return data;
}

/** A failed submission's errors by field (none when it parsed). */
const errorsOf = (submission: { status?: string; error?: unknown }) => (submission.status === "error" ? submission.error : undefined);

/** The words a field shows when it is left empty: Conform sends it as missing, not as "". */
describe("the organisation and certificate forms' schemas (browser and server)", () => {
  it("say what to put right when a field is left empty", () => {
    const create = parseWithZod(form({ intent: "create", name: "", type: "" }), { schema: AdminOrganisationActionSchema });
    expect(errorsOf(create)).toEqual({ name: ["Enter the organisation's name"], type: ["Choose the type of organisation"] });
    const add = parseWithZod(form({ intent: "add-member", organisationId: "o1", email: "", role: "member" }), {
      schema: AdminOrganisationActionSchema,
    });
    expect(errorsOf(add)).toEqual({ email: ["Enter an email address, like name@school.example"] });
    const revoke = parseWithZod(form({ certificateId: "c1", reason: "" }), { schema: RevokeCertificateSchema });
    expect(errorsOf(revoke)).toEqual({ reason: ["Give a reason for revoking: it is shown on the public page"] });
  });

  it("refuses a leader's invitation that asks for another role, on the role field (the route answers 403)", () => {
    const invite = parseWithZod(form({ intent: "invite", email: "a@school.example", role: "leader" }), { schema: StaffActionSchema });
    expect(errorsOf(invite)).toEqual({ role: ["Only administrators can make someone a leader."] });
    const plain = parseWithZod(form({ intent: "invite", email: "A@School.example" }), { schema: StaffActionSchema });
    expect(plain.status === "success" && plain.value).toEqual({ intent: "invite", email: "a@school.example" });
  });

  it("needs a zip file that is not empty for an import", () => {
    for (const zip of [new File([], ""), new File([], "empty.zip")]) {
      const submission = parseWithZod(form({ zip, moduleId: "" }), { schema: ImportZipSchema });
      expect(errorsOf(submission)).toEqual({ zip: ["Choose a .zip file to import."] });
    }
    const ok = parseWithZod(form({ zip: new File(["PK"], "m.zip"), moduleId: " copy " }), { schema: ImportZipSchema });
    expect(ok.status === "success" && ok.value.moduleId).toBe("copy");
  });
});
