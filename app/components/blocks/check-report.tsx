import { forwardRef } from "react";

type Report = { passed: boolean; summary: string; results: { passed: boolean; message: string }[] };

/**
 * What a check of a block program found: a summary heading (focusable, so it can take focus after
 * the check) and each goal's message. Used by the lesson player and the /dev/blocks page.
 */
export const CheckReport = forwardRef<HTMLHeadingElement, { report: Report }>(function CheckReport({ report }, headingRef) {
  return (
    <div className={`alert ${report.passed ? "alert--success" : "alert--warning"} blocks-report`} data-testid="blocks-report">
      <h3 ref={headingRef} tabIndex={-1}>
        {report.summary}
      </h3>
      <ul>
        {report.results.map((r, i) => (
          <li key={i} className={r.passed ? "check-pass" : "check-fail"}>
            <strong>{r.passed ? "Done: " : "Not yet: "}</strong>
            {r.message}
          </li>
        ))}
      </ul>
    </div>
  );
});
