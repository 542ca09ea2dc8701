/**
 * The lesson route's entry to a block exercise. The exercise (editor, stage, interpreter, goals) is
 * its own chunk, fetched only when a block exercise is on screen, so the lesson player's other pages
 * do not download it; Blockly itself is fetched later still, when the editor mounts. The server
 * renders the placeholder (which is all people without JavaScript get), and the page swaps in the
 * exercise once it has hydrated.
 */
import { lazy, Suspense } from "react";
import type { BlockExerciseProps } from "./block-exercise.tsx";

const BlockExercise = lazy(() => import("./block-exercise.tsx").then((m) => ({ default: m.BlockExercise })));

export function LazyBlockExercise(props: BlockExerciseProps) {
  const placeholder = (
    <div className="block-exercise">
      {props.completed ? (
        <p className="completed-note" role="status">
          <span aria-hidden="true">✓ </span>You have completed this activity.
        </p>
      ) : null}
      <p className="exercise-notice">
        {props.interactive
          ? "Loading the block editor…"
          : "The block editor needs JavaScript. If this message stays, JavaScript is turned off or blocked in this browser."}
      </p>
    </div>
  );
  if (!props.interactive) return placeholder;
  return (
    <Suspense fallback={placeholder}>
      <BlockExercise {...props} />
    </Suspense>
  );
}
