import { Link } from "@remix-run/react";
import { activityTypeLabel } from "~/modules/catalog/labels.ts";

type OutlineSection = {
  title: string;
  activities: { activityId: string; title: string; type: string; minutes: number; completed: boolean }[];
};

/** The module's outline with a tick for every completed activity; the current one is marked. */
export function LessonOutline({ moduleId, sections, currentId }: { moduleId: string; sections: OutlineSection[]; currentId: string }) {
  return (
    <nav aria-label="Module outline" className="lesson-outline">
      {sections.map((section, s) => (
        <section key={s} aria-labelledby={`outline-section-${s}`}>
          <h2 id={`outline-section-${s}`}>{section.title}</h2>
          <ol>
            {section.activities.map((a) => (
              <li key={a.activityId} className={a.completed ? "is-complete" : undefined}>
                <span className="tick" aria-hidden="true">
                  {a.completed ? "✓" : ""}
                </span>
                <Link to={`/courses/${moduleId}/learn/${a.activityId}`} aria-current={a.activityId === currentId ? "page" : undefined}>
                  {a.title}
                  <span className="visually-hidden">
                    {" "}
                    ({activityTypeLabel(a.type)}, {a.completed ? "completed" : "not completed"})
                  </span>
                </Link>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </nav>
  );
}
