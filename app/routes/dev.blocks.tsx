import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useCallback, useRef, useState } from "react";
import type { Conversion } from "~/components/blocks/block-definitions.ts";
import { BlockWorkspace, type BlockWorkspaceHandle } from "~/components/blocks/block-workspace.tsx";
import { Stage } from "~/components/blocks/stage.tsx";
import { DEMO_GOALS, EXAMPLE_PROGRAMS } from "~/modules/blocks/examples.ts";
import { type GoalReport, runAndCheck } from "~/modules/blocks/goals.ts";
import { emptyProgram } from "~/modules/blocks/program.ts";
import { devPagesEnabled } from "~/utils/env.server.ts";
import { invariantResponse } from "~/utils/errors.ts";
import { CheckReport } from "~/components/blocks/check-report.tsx";

export const meta: MetaFunction = () => [{ title: "Block programming demo – Pathways" }];

const DEFAULT_MAX_BLOCKS = 40;

/**
 * A developer and author demo of the block editor, stage and Scratch export. Never in production.
 * `?maxBlocks=N` (1–200) tries a different block limit.
 */
export function loader({ request }: LoaderFunctionArgs) {
  invariantResponse(devPagesEnabled(), "Not found");
  const asked = Number(new URL(request.url).searchParams.get("maxBlocks"));
  return { maxBlocks: Number.isInteger(asked) && asked >= 1 && asked <= 200 ? asked : DEFAULT_MAX_BLOCKS };
}

type Download = { state: "idle" } | { state: "working" } | { state: "ready"; message: string } | { state: "refused"; problems: string[] };

export default function DevBlocks() {
  const { maxBlocks } = useLoaderData<typeof loader>();
  const workspace = useRef<BlockWorkspaceHandle>(null);
  const [conversion, setConversion] = useState<Conversion>({ program: emptyProgram(), looseBlocks: 0 });
  const [example, setExample] = useState("square");
  const [report, setReport] = useState<GoalReport | null>(null);
  const [download, setDownload] = useState<Download>({ state: "idle" });
  const reportHeading = useRef<HTMLHeadingElement>(null);

  const onChange = useCallback((next: Conversion) => {
    setConversion(next);
    setReport(null);
    setDownload({ state: "idle" });
  }, []);

  const check = () => {
    setReport(runAndCheck(conversion.program, DEMO_GOALS).report);
    requestAnimationFrame(() => reportHeading.current?.focus());
  };

  const downloadForScratch = async () => {
    setDownload({ state: "working" });
    const { buildSb3, ScratchExportError, SB3_MIME_TYPE } = await import("~/modules/blocks/sb3.ts");
    try {
      const bytes = await buildSb3(conversion.program);
      const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: SB3_MIME_TYPE }));
      const link = document.createElement("a");
      link.href = url;
      link.download = "pathways-blocks.sb3";
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setDownload({ state: "ready", message: "Downloaded pathways-blocks.sb3. In Scratch 3, choose File, then Load from your computer." });
    } catch (error) {
      if (error instanceof ScratchExportError) setDownload({ state: "refused", problems: error.problems });
      else throw error;
    }
  };

  return (
    <div className="container page blocks-demo">
      <h1>Block programming (developer demo)</h1>
      <p className="lead">
        Build a program from blocks, run it on the stage, check it against an exercise&apos;s goals and download it for Scratch. Exercises
        will use the same editor and stage.
      </p>

      <div className="blocks-demo__examples">
        <div className="field">
          <label htmlFor="example">Example program</label>
          <select id="example" value={example} onChange={(e) => setExample(e.target.value)}>
            {Object.entries(EXAMPLE_PROGRAMS).map(([key, { label }]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => workspace.current?.load(EXAMPLE_PROGRAMS[example]!.program)}
        >
          Load example
        </button>
      </div>

      <div className="blocks-demo__layout">
        <section aria-labelledby="blocks-heading" className="blocks-demo__editor">
          <h2 id="blocks-heading">Blocks</h2>
          <BlockWorkspace ref={workspace} label="Block editor" initial={emptyProgram()} maxBlocks={maxBlocks} onChange={onChange} />
        </section>
        <section aria-labelledby="stage-heading" className="blocks-demo__stage">
          <h2 id="stage-heading">Stage</h2>
          <Stage program={conversion.program} looseBlocks={conversion.looseBlocks} onHighlight={(id) => workspace.current?.highlight(id)} />
        </section>
      </div>

      <section aria-labelledby="goals-heading">
        <h2 id="goals-heading">Exercise: draw a square</h2>
        <p>
          Starting at the centre facing right, draw a square with sides of 100 steps, turning clockwise, and finish where you started. Use a
          repeat block and no more than 6 blocks.
        </p>
        <button type="button" className="button" onClick={check}>
          Check my program
        </button>
        {report ? <CheckReport ref={reportHeading} report={report} /> : null}
      </section>

      <section aria-labelledby="scratch-heading">
        <h2 id="scratch-heading">Take it to Scratch</h2>
        <p>Download your program as a Scratch 3 project (.sb3) to carry on in Scratch.</p>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void downloadForScratch()}
          aria-describedby="download-status"
        >
          Download for Scratch
        </button>
        <div id="download-status" role="status">
          {download.state === "working" ? <p>Preparing the file…</p> : null}
          {download.state === "ready" ? <p>{download.message}</p> : null}
        </div>
        {download.state === "refused" ? (
          <div className="alert alert--error" role="alert">
            <p>
              <strong>Scratch cannot open this program:</strong>
            </p>
            <ul>
              {download.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      <details className="blocks-demo__json">
        <summary>The program as JSON (for exercise files)</summary>
        <pre>{JSON.stringify(conversion.program, (key, value: unknown) => (key === "id" ? undefined : value), 2)}</pre>
      </details>
    </div>
  );
}
