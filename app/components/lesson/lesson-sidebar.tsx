/** Beside the lesson: the module's title, its progress bar and the outline with ticks. */
import { Link } from "@remix-run/react";
import { ProgressBar } from "../ui/progress-bar.tsx";
import { LessonOutline } from "./lesson-outline.tsx";

export function LessonSidebar({
  moduleId,
  moduleTitle,
  percent,
  sections,
  currentId,
}: {
  moduleId: string;
  moduleTitle: string;
  percent: number;
  sections: React.ComponentProps<typeof LessonOutline>["sections"];
  currentId: string;
}) {
  return (
    <aside className="lesson-sidebar">
      <p className="lesson-module-title">
        <Link to={`/courses/${moduleId}`}>{moduleTitle}</Link>
      </p>
      <ProgressBar value={percent} label="Module progress" />
      {/* A disclosure at the top on phones; always open beside the lesson on wide screens (app.css). */}
      <details className="outline-disclosure">
        <summary>Module outline</summary>
        <LessonOutline moduleId={moduleId} sections={sections} currentId={currentId} />
      </details>
    </aside>
  );
}
