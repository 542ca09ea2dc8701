import { describeAverage } from "~/modules/feedback/rating.ts";
import { formatDate } from "~/utils/dates.ts";

type Summary = {
  average: number;
  count: number;
  recent: { id: string; score: number; comment: string; versionNumber: number; updatedAt: string | Date }[];
} | null;

/** "4.8 out of 6 from 23 ratings", or "No ratings yet". */
export function AverageRating({ summary }: { summary: Summary }) {
  if (!summary || summary.count === 0) return <span className="muted">No ratings yet</span>;
  return <>{describeAverage(summary.average, summary.count)}</>;
}

/**
 * The most recent comments on one module, without learners' names (feedback is anonymous to
 * authors). Comments are plain text: React escapes them, and line breaks are kept by CSS.
 */
export function RecentFeedback({ title, summary, headingLevel = 3 }: { title: string; summary: Summary; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section aria-label={`Feedback on ${title}`}>
      <Heading>{title}</Heading>
      <p>
        <AverageRating summary={summary} />
      </p>
      {summary && summary.recent.length > 0 ? (
        <ul className="feedback-comments">
          {summary.recent.map((r) => (
            <li key={r.id}>
              <p>{r.comment}</p>
              <p className="muted">
                Rated {r.score} out of 6 (version {r.versionNumber}), {formatDate(r.updatedAt)}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No comments yet.</p>
      )}
    </section>
  );
}
