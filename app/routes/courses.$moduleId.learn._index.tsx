import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server.ts";
import { getResumePoint } from "~/modules/progress/lesson.server.ts";

/** "Continue learning": to where the learner left off, or to the module page to enrol. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const moduleId = params.moduleId ?? "";
  const resume = await getResumePoint(user.id, moduleId);
  if (!resume) throw redirect(`/courses/${encodeURIComponent(moduleId)}`);
  throw redirect(`/courses/${encodeURIComponent(moduleId)}/learn/${encodeURIComponent(resume)}`);
}
