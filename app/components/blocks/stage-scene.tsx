/**
 * The stage's scene, drawn in SVG behind the canvas where the sprite moves: one of our backdrops,
 * then obstacles, then goal markers with their labels (app/modules/blocks/scene.ts). Hidden from
 * assistive technology: the stage's accessible description says the same in words (describeScene).
 * Author text (labels) is only ever React text, never HTML.
 */
import { STAGE_HEIGHT, STAGE_WIDTH } from "~/modules/blocks/interpreter.ts";
import type { Backdrop, MarkerKind, Scene, SceneMarker, SceneObstacle } from "~/modules/blocks/scene.ts";

const W = STAGE_WIDTH;
const H = STAGE_HEIGHT;
/** Scratch coordinates (centre origin, y up) to SVG's (top-left origin, y down). */
const sx = (x: number) => W / 2 + x;
const sy = (y: number) => H / 2 - y;

function Axes({ colour }: { colour: string }) {
  return <path d={`M0 ${H / 2}H${W}M${W / 2} 0V${H}`} stroke={colour} strokeWidth={1} fill="none" data-part="axes" />;
}

function GridBackdrop() {
  const lines: JSX.Element[] = [];
  for (let x = -220; x <= 220; x += 20) {
    if (x === 0) continue;
    lines.push(<path key={`x${x}`} d={`M${sx(x)} 0V${H}`} stroke={x % 100 === 0 ? "#c3ccd5" : "#e7ebef"} />);
  }
  for (let y = -160; y <= 160; y += 20) {
    if (y === 0) continue;
    lines.push(<path key={`y${y}`} d={`M0 ${sy(y)}H${W}`} stroke={y % 100 === 0 ? "#c3ccd5" : "#e7ebef"} />);
  }
  const labels = [-200, -100, 100, 200].map((x) => (
    <text key={`lx${x}`} x={sx(x) + 3} y={sy(0) + 13} className="stage-scene__axis-label">
      {x}
    </text>
  ));
  const yLabels = [-100, 100].map((y) => (
    <text key={`ly${y}`} x={sx(0) + 4} y={sy(y) - 3} className="stage-scene__axis-label">
      {y}
    </text>
  ));
  return (
    <>
      <rect width={W} height={H} fill="#ffffff" />
      {lines}
      <Axes colour="#6b7785" />
      {labels}
      {yLabels}
    </>
  );
}

function BackdropPicture({ name }: { name: Backdrop }) {
  switch (name) {
    case "grid":
      return <GridBackdrop />;
    case "island":
      return (
        <>
          <rect width={W} height={H} fill="#bfe3f5" />
          <path d="M0 40q40-14 80 0t80 0M300 320q40-14 80 0t80 0M340 60q30-10 60 0" stroke="#8ccbe8" strokeWidth={3} fill="none" />
          <ellipse cx={W / 2} cy={H / 2} rx={205} ry={150} fill="#f1dfae" />
          <ellipse cx={W / 2 + 10} cy={H / 2 - 10} rx={150} ry={100} fill="#cfe6ad" />
        </>
      );
    case "pond":
      return (
        <>
          <rect width={W} height={H} fill="#d6ecc3" />
          <ellipse cx={W / 2} cy={H / 2} rx={200} ry={140} fill="#a7d6ef" stroke="#7fb3cf" strokeWidth={3} />
          <path d="M120 120q20-8 40 0M300 250q20-8 40 0M320 110q20-8 40 0" stroke="#7fb3cf" strokeWidth={2} fill="none" />
        </>
      );
    default:
      return (
        <>
          <rect width={W} height={H} fill="#ffffff" />
          <Axes colour="#e3e7eb" />
        </>
      );
  }
}

function MarkerShape({ kind }: { kind: MarkerKind }) {
  switch (kind) {
    case "treasure":
      return (
        <>
          <rect x={-13} y={-9} width={26} height={18} rx={2} fill="#8a5a2b" stroke="#3d2610" strokeWidth={1.5} />
          <rect x={-13} y={-9} width={26} height={6} fill="#a86f36" stroke="#3d2610" strokeWidth={1.5} />
          <rect x={-3} y={-4} width={6} height={7} fill="#f2c230" stroke="#3d2610" />
        </>
      );
    case "flag":
      return (
        <>
          <path d="M-6 12V-16" stroke="#1b1f24" strokeWidth={2.5} strokeLinecap="round" />
          <path d="M-5 -16L14 -9L-5 -2Z" fill="#c8102e" stroke="#1b1f24" strokeWidth={1} />
        </>
      );
    case "star":
      return (
        <path
          d="M0-14L4.1-5.7L13.3-4.3L6.7 2.2L8.2 11.3L0 7L-8.2 11.3L-6.7 2.2L-13.3-4.3L-4.1-5.7Z"
          fill="#f2c230"
          stroke="#5c4700"
          strokeWidth={1.5}
        />
      );
    default:
      return <circle r={10} fill="#9aa3ab" stroke="#3f474f" strokeWidth={1.5} />;
  }
}

function Marker({ marker }: { marker: SceneMarker }) {
  const x = sx(marker.x);
  const y = sy(marker.y);
  // The label goes below the marker, or above it near the bottom edge; it stays inside the stage.
  const labelY = y > H - 30 ? y - 20 : y + 26;
  const anchor = x < 60 ? "start" : x > W - 60 ? "end" : "middle";
  const labelX = anchor === "start" ? Math.max(2, x - 12) : anchor === "end" ? Math.min(W - 2, x + 12) : x;
  return (
    <g className="stage-marker" data-kind={marker.kind} data-x={marker.x} data-y={marker.y}>
      <g transform={`translate(${x} ${y})`}>
        <MarkerShape kind={marker.kind} />
      </g>
      <text x={labelX} y={labelY} textAnchor={anchor} className="stage-scene__label">
        {marker.label}
      </text>
    </g>
  );
}

function Obstacle({ obstacle }: { obstacle: SceneObstacle }) {
  const x = sx(obstacle.x);
  const y = sy(obstacle.y + obstacle.height);
  return (
    <g className="stage-obstacle" data-kind={obstacle.kind ?? "wall"}>
      {obstacle.kind === "water" ? (
        <rect x={x} y={y} width={obstacle.width} height={obstacle.height} fill="#3f8fc9" stroke="#1f5f8f" strokeWidth={2} />
      ) : (
        <rect x={x} y={y} width={obstacle.width} height={obstacle.height} fill="#7a8793" stroke="#2f3840" strokeWidth={2} />
      )}
      <text x={x + obstacle.width / 2} y={y + obstacle.height / 2 + 5} textAnchor="middle" className="stage-scene__label">
        {obstacle.label}
      </text>
    </g>
  );
}

export function StageScene({ scene }: { scene?: Scene | undefined }) {
  return (
    <svg className="stage-scene" viewBox={`0 0 ${W} ${H}`} aria-hidden="true" focusable="false" data-backdrop={scene?.backdrop ?? "plain"}>
      <BackdropPicture name={scene?.backdrop ?? "plain"} />
      {(scene?.obstacles ?? []).map((o, i) => (
        <Obstacle key={`o${i}`} obstacle={o} />
      ))}
      {(scene?.markers ?? []).map((m, i) => (
        <Marker key={`m${i}`} marker={m} />
      ))}
    </svg>
  );
}
