/**
 * `npm run courses:publish [folder...]`: publishes modules under courses/ whose content changed as
 * new immutable versions. Invalid modules are refused whole (their published version stays).
 * Exits 1 when any module was refused.
 */
import { publishCourses, type PublishOutcome } from "~/modules/catalog/publish.server.ts";
import { formatProblems } from "~/modules/catalog/load-course.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { COURSES_ROOT } from "./courses-check.ts";

export function describeOutcome(o: PublishOutcome): string {
  if (o.status === "refused") return `✗ ${o.folder}: refused, nothing changed\n${formatProblems(o.problems)}`;
  const head =
    o.status === "published" ? `✓ ${o.folder}: published version ${o.version}` : `· ${o.folder}: unchanged (version ${o.version})`;
  return [head, ...o.warnings.map((w) => `    warning: ${w}`)].join("\n");
}

function progressBar(done: number, total: number) {
  const width = 24;
  const filled = Math.round((done / Math.max(total, 1)) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`;
}

export async function publishFromCli(folders: string[], log = console.log): Promise<PublishOutcome[]> {
  const tty = process.stderr.isTTY;
  const outcomes = await publishCourses(COURSES_ROOT, folders.length ? folders : undefined, (done, total, outcome) => {
    if (tty) process.stderr.write(`\r${progressBar(done, total)} `);
    if (tty) process.stderr.write("\r" + " ".repeat(40) + "\r");
    log(describeOutcome(outcome));
  });
  const published = outcomes.filter((o) => o.status === "published").length;
  const refused = outcomes.filter((o) => o.status === "refused").length;
  log(
    `${outcomes.length} module${outcomes.length === 1 ? "" : "s"}: ${published} published, ${outcomes.length - published - refused} unchanged, ${refused} refused`,
  );
  return outcomes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  publishFromCli(process.argv.slice(2))
    .then(async (outcomes) => {
      await prisma.$disconnect();
      process.exit(outcomes.some((o) => o.status === "refused") ? 1 : 0);
    })
    .catch(async (error) => {
      console.error(error);
      await prisma.$disconnect();
      process.exit(1);
    });
}
