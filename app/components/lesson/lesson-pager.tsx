/** The previous and next links under a lesson (or back to My learning after the last activity). */
import { Link } from "@remix-run/react";

type Neighbour = { activityId: string; title: string } | null;

export function LessonPager({ moduleId, previous, next }: { moduleId: string; previous: Neighbour; next: Neighbour }) {
  return (
    <nav aria-label="Previous and next activity" className="lesson-pager">
      {previous ? (
        <Link to={`/courses/${moduleId}/learn/${previous.activityId}`} rel="prev">
          ← Previous: {previous.title}
        </Link>
      ) : (
        <span />
      )}
      {next ? (
        <Link to={`/courses/${moduleId}/learn/${next.activityId}`} rel="next">
          Next: {next.title} →
        </Link>
      ) : (
        <Link to="/learning">Back to My learning</Link>
      )}
    </nav>
  );
}
