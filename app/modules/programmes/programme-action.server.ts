import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import { requireRole } from "~/modules/auth/session.server.ts";
import { AppError } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";
import { ProgrammeSchema } from "./programme.ts";
import { saveProgramme } from "./programmes.server.ts";

/**
 * The programme form's action, for a new programme (`id` null) or an existing one: admins only;
 * problems go back beside the fields (a name already taken beside the name), an unknown programme is
 * 404, and a saved one goes back to the list.
 */
export async function programmeFormAction(request: Request, id: string | null) {
  await requireRole(request, "admin");
  const submission = parseWithZod(await readForm(request), { schema: ProgrammeSchema });
  if (submission.status !== "success") return data<{ result: SubmissionResult<string[]> }>({ result: submission.reply() }, { status: 400 });
  try {
    await saveProgramme(id, submission.value);
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throw error.toResponse();
    if (error instanceof AppError && error.status === 400)
      return data<{ result: SubmissionResult<string[]> }>(
        { result: submission.reply({ fieldErrors: { name: [error.message] } }) },
        { status: 400 },
      );
    throw error;
  }
  throw redirect(`/admin/programmes?saved=${encodeURIComponent(submission.value.name)}`);
}
