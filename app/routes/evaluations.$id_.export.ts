import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/modules/auth/session.server.ts";
import { ExportRequestSchema } from "~/modules/evaluations/evaluation.ts";
import { exportEvaluation } from "~/modules/evaluations/export.server.ts";
import { AppError, firstErrorMessage } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";

/** Back to the evaluation's page with the problem and what was typed, so nothing is lost. */
function backWith(id: string, problem: string, values: Record<string, unknown>): Response {
  const params = new URLSearchParams({ exportProblem: problem });
  for (const key of ["purpose", "agreementRef"]) if (typeof values[key] === "string") params.set(key, String(values[key]).slice(0, 500));
  return redirect(`/evaluations/${encodeURIComponent(id)}?${params.toString()}#export-heading`);
}

/**
 * An evaluator's (or admin's) pseudonymised export, as a zip to save (docs/decisions/0064). Logged
 * before it is handed over. A plain form post: problems go back to the evaluation's page.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "evaluator", "admin");
  const id = params.id ?? "";
  const submission = parseWithZod(await readForm(request), { schema: ExportRequestSchema });
  if (submission.status !== "success") {
    return backWith(id, firstErrorMessage(submission.error, "Say what the export is for and under which agreement."), submission.payload);
  }
  try {
    const { zip, filename } = await exportEvaluation(id, { id: user.id, name: user.name }, submission.value);
    return new Response(new Uint8Array(zip), {
      headers: {
        "Content-Type": "application/zip",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throw error.toResponse();
    if (error instanceof AppError && error.status === 409) return backWith(id, error.message, submission.payload);
    throw error;
  }
}

export function loader() {
  throw new Response("Not found", { status: 404 });
}
