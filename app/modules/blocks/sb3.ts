/**
 * "Download for Scratch": converts a program into a Scratch 3 project (project.json: the stage and
 * one sprite) and packs it with its two SVG assets into an .sb3 (a zip), which Scratch 3 opens with
 * File > Load from your computer. Pure apart from jszip; works in the browser and in Node.
 *
 * Scratch's format, in brief: each target has a flat `blocks` map from id to block; a block links to
 * its `parent` and `next`; a value input is `[1, [primitive, "10"]]` (a typed-in value),
 * `[3, reporterId, [primitive, "10"]]` (a reporter covering a value) or `[2, blockId]` (a true/false
 * slot or a C block's inside); a variable in a slot is the compact `[12, name, variableId]`.
 * Assets are named by the MD5 of their bytes (`<md5>.svg`).
 *
 * A program that uses something Scratch cannot hold (a block it lacks; a number or a round block
 * in a true/false slot) is refused with a list of what to change, never exported half-right.
 */
import { BACKDROP_MD5, BACKDROP_SVG, COSTUME_CENTRE, COSTUME_MD5, COSTUME_NAME, COSTUME_SVG } from "./assets.ts";
import type { SpriteState } from "./interpreter.ts";
import {
  BLOCKS,
  type Expr,
  isBlockType,
  type Program,
  type Reporter,
  type Script,
  type Statement,
  variablesOf,
  walkProgram,
} from "./program.ts";

/** Scratch's primitive types for values typed into slots. */
const PRIMITIVE = { number: 4, positiveNumber: 5, wholeNumber: 6, angle: 8, text: 10, variable: 12 } as const;
/** Scratch's input kinds: a value only, a block only, a block covering a value. */
const INPUT = { shadow: 1, block: 2, covered: 3 } as const;

type Primitive = [number, string];
type ScratchInput = [number, string | Primitive | [number, string, string]] | [number, string | [number, string, string], Primitive];

export type ScratchBlock = {
  opcode: string;
  next: string | null;
  parent: string | null;
  inputs: Record<string, ScratchInput>;
  fields: Record<string, [string, string | null]>;
  shadow: boolean;
  topLevel: boolean;
  x?: number;
  y?: number;
};

type Costume = {
  name: string;
  dataFormat: "svg";
  assetId: string;
  md5ext: string;
  rotationCenterX: number;
  rotationCenterY: number;
  bitmapResolution?: number;
};

type TargetBase = {
  name: string;
  variables: Record<string, [string, number | string]>;
  lists: Record<string, never>;
  broadcasts: Record<string, never>;
  blocks: Record<string, ScratchBlock>;
  comments: Record<string, never>;
  currentCostume: number;
  costumes: Costume[];
  sounds: never[];
  volume: number;
  layerOrder: number;
};

export type ScratchStage = TargetBase & {
  isStage: true;
  tempo: number;
  videoTransparency: number;
  videoState: "off";
  textToSpeechLanguage: null;
};
export type ScratchSprite = TargetBase & {
  isStage: false;
  visible: boolean;
  x: number;
  y: number;
  size: number;
  direction: number;
  draggable: boolean;
  rotationStyle: "all around";
};
export type ScratchProject = {
  targets: [ScratchStage, ScratchSprite];
  monitors: never[];
  extensions: never[];
  meta: { semver: "3.0.0"; vm: string; agent: string };
};

export class ScratchExportError extends Error {
  constructor(readonly problems: string[]) {
    super(`This program cannot be opened in Scratch:\n${problems.map((p) => `- ${p}`).join("\n")}`);
    this.name = "ScratchExportError";
  }
}

/** The Scratch opcode of each block (ours are named after Scratch's, except "touching edge?"). */
const OPCODES: Record<string, string> = {
  ...Object.fromEntries(Object.keys(BLOCKS).map((type) => [type, type])),
  sensing_touchingedge: "sensing_touchingobject",
};

const isBooleanBlock = (expr: Expr | null) => typeof expr === "object" && expr !== null && BLOCKS[expr.type]?.shape === "boolean";

/** What stops this program going to Scratch, in plain English; empty when it can go. */
export function findScratchProblems(program: Program): string[] {
  const problems = new Set<string>();
  const checkCondition = (owner: string, slot: Expr | null) => {
    if (slot === null || isBooleanBlock(slot)) return;
    problems.add(
      `The “${owner}” block has a ${typeof slot === "object" ? "round block" : "number or text"} in a true/false slot; Scratch only takes a true/false (pointed) block there.`,
    );
  };
  walkProgram(program, (node) => {
    if (!isBlockType(node.type) || !OPCODES[node.type]) {
      problems.add(`Scratch has no “${String((node as { type: unknown }).type)}” block.`);
      return;
    }
    const label = BLOCKS[node.type].label;
    if (node.type === "control_if" || node.type === "control_if_else") checkCondition(label, node.condition);
    if (node.type === "operator_and" || node.type === "operator_or") {
      checkCondition(label, node.left);
      checkCondition(label, node.right);
    }
    if (node.type === "operator_not") checkCondition(label, node.operand);
  });
  return [...problems];
}

type ExportOptions = {
  /** Where the sprite starts (the exercise's starting position). */
  start?: Partial<Pick<SpriteState, "x" | "y" | "direction" | "visible">>;
};

/** The Scratch 3 project.json for a program; throws ScratchExportError listing what Scratch lacks. */
export function toScratchProject(program: Program, options: ExportOptions = {}): ScratchProject {
  const problems = findScratchProblems(program);
  if (problems.length > 0) throw new ScratchExportError(problems);

  const blocks: Record<string, ScratchBlock> = {};
  let counter = 0;
  const newId = () => `pathways-${++counter}`;
  const variableIds = new Map(variablesOf(program).map((name, i) => [name, `pathways-var-${i + 1}`]));

  const add = (id: string, block: Omit<ScratchBlock, "next" | "inputs" | "fields" | "shadow" | "topLevel"> & Partial<ScratchBlock>) => {
    blocks[id] = { next: null, inputs: {}, fields: {}, shadow: false, topLevel: false, ...block };
    return blocks[id];
  };

  const variableField = (name: string): [string, string] => [name, variableIds.get(name)!];

  /** A round slot: a typed-in value, a variable or a reporter covering a value. */
  function valueInput(expr: Expr, parent: string, primitive: number, fallback: string): ScratchInput {
    if (typeof expr !== "object") return [INPUT.shadow, [primitive, String(expr)]];
    if (expr.type === "data_variable")
      return [INPUT.covered, [PRIMITIVE.variable, expr.name, variableIds.get(expr.name)!], [primitive, fallback]];
    return [INPUT.covered, addReporter(expr, parent), [primitive, fallback]];
  }

  function addMenu(parent: string, opcode: string, field: string, value: string) {
    const id = newId();
    add(id, { opcode, parent, shadow: true, fields: { [field]: [value, null] } });
    return id;
  }

  function addReporter(expr: Reporter, parent: string): string {
    const id = newId();
    const block = add(id, { opcode: OPCODES[expr.type]!, parent });
    switch (expr.type) {
      case "operator_add":
      case "operator_subtract":
      case "operator_multiply":
      case "operator_divide":
        block.inputs.NUM1 = valueInput(expr.left, id, PRIMITIVE.number, "");
        block.inputs.NUM2 = valueInput(expr.right, id, PRIMITIVE.number, "");
        break;
      case "operator_lt":
      case "operator_equals":
      case "operator_gt":
        block.inputs.OPERAND1 = valueInput(expr.left, id, PRIMITIVE.text, "");
        block.inputs.OPERAND2 = valueInput(expr.right, id, PRIMITIVE.text, "50");
        break;
      case "operator_and":
      case "operator_or":
        if (expr.left !== null) block.inputs.OPERAND1 = [INPUT.block, addReporter(expr.left as Reporter, id)];
        if (expr.right !== null) block.inputs.OPERAND2 = [INPUT.block, addReporter(expr.right as Reporter, id)];
        break;
      case "operator_not":
        if (expr.operand !== null) block.inputs.OPERAND = [INPUT.block, addReporter(expr.operand as Reporter, id)];
        break;
      case "operator_random":
        block.inputs.FROM = valueInput(expr.from, id, PRIMITIVE.number, "1");
        block.inputs.TO = valueInput(expr.to, id, PRIMITIVE.number, "10");
        break;
      case "sensing_touchingedge":
        block.inputs.TOUCHINGOBJECTMENU = [INPUT.shadow, addMenu(id, "sensing_touchingobjectmenu", "TOUCHINGOBJECTMENU", "_edge_")];
        break;
      case "sensing_keypressed":
        block.inputs.KEY_OPTION = [INPUT.shadow, addMenu(id, "sensing_keyoptions", "KEY_OPTION", expr.key)];
        break;
      case "data_variable":
        block.fields.VARIABLE = variableField(expr.name);
        break;
    }
    return id;
  }

  /** Adds a stack of statements under `parent`; returns the first block's id. */
  function addStack(statements: Statement[], parent: string): string | null {
    let first: string | null = null;
    let previous: string | null = null;
    for (const statement of statements) {
      const id = addStatement(statement, previous ?? parent);
      if (previous) blocks[previous]!.next = id;
      first ??= id;
      previous = id;
    }
    return first;
  }

  function addSubstack(block: ScratchBlock, name: string, statements: Statement[], id: string) {
    const first = addStack(statements, id);
    if (first) block.inputs[name] = [INPUT.block, first];
  }

  function addStatement(s: Statement, parent: string): string {
    const id = newId();
    const block = add(id, { opcode: OPCODES[s.type]!, parent });
    const inputs = block.inputs;
    switch (s.type) {
      case "motion_movesteps":
        inputs.STEPS = valueInput(s.steps, id, PRIMITIVE.number, "10");
        break;
      case "motion_turnright":
      case "motion_turnleft":
        inputs.DEGREES = valueInput(s.degrees, id, PRIMITIVE.number, "15");
        break;
      case "motion_gotoxy":
        inputs.X = valueInput(s.x, id, PRIMITIVE.number, "0");
        inputs.Y = valueInput(s.y, id, PRIMITIVE.number, "0");
        break;
      case "motion_pointindirection":
        inputs.DIRECTION = valueInput(s.direction, id, PRIMITIVE.angle, "90");
        break;
      case "motion_glidesecstoxy":
        inputs.SECS = valueInput(s.seconds, id, PRIMITIVE.number, "1");
        inputs.X = valueInput(s.x, id, PRIMITIVE.number, "0");
        inputs.Y = valueInput(s.y, id, PRIMITIVE.number, "0");
        break;
      case "looks_sayforsecs":
        inputs.MESSAGE = valueInput(s.message, id, PRIMITIVE.text, "Hello!");
        inputs.SECS = valueInput(s.seconds, id, PRIMITIVE.number, "2");
        break;
      case "looks_say":
        inputs.MESSAGE = valueInput(s.message, id, PRIMITIVE.text, "Hello!");
        break;
      case "looks_show":
      case "looks_hide":
        break;
      case "control_repeat":
        inputs.TIMES = valueInput(s.times, id, PRIMITIVE.wholeNumber, "10");
        addSubstack(block, "SUBSTACK", s.body, id);
        break;
      case "control_forever":
        addSubstack(block, "SUBSTACK", s.body, id);
        break;
      case "control_if":
      case "control_if_else":
        if (s.condition !== null) inputs.CONDITION = [INPUT.block, addReporter(s.condition as Reporter, id)];
        addSubstack(block, "SUBSTACK", s.body, id);
        if (s.type === "control_if_else") addSubstack(block, "SUBSTACK2", s.else, id);
        break;
      case "control_wait":
        inputs.DURATION = valueInput(s.seconds, id, PRIMITIVE.positiveNumber, "1");
        break;
      case "data_setvariableto":
        inputs.VALUE = valueInput(s.value, id, PRIMITIVE.text, "0");
        block.fields.VARIABLE = variableField(s.name);
        break;
      case "data_changevariableby":
        inputs.VALUE = valueInput(s.by, id, PRIMITIVE.number, "1");
        block.fields.VARIABLE = variableField(s.name);
        break;
    }
    return id;
  }

  function addScript(script: Script, index: number) {
    const id = newId();
    const hat = add(id, { opcode: script.type, parent: null, topLevel: true, x: 48, y: 48 + index * 320 });
    if (script.type === "event_whenkeypressed") hat.fields.KEY_OPTION = [script.key, null];
    const first = addStack(script.body, id);
    hat.next = first;
  }

  program.scripts.forEach(addScript);

  const base = { lists: {}, broadcasts: {}, comments: {}, currentCostume: 0, sounds: [], volume: 100 };
  return {
    targets: [
      {
        ...base,
        isStage: true,
        name: "Stage",
        variables: Object.fromEntries([...variableIds].map(([name, id]) => [id, [name, 0]])),
        blocks: {},
        costumes: [
          {
            name: "backdrop1",
            dataFormat: "svg",
            assetId: BACKDROP_MD5,
            md5ext: `${BACKDROP_MD5}.svg`,
            rotationCenterX: 240,
            rotationCenterY: 180,
          },
        ],
        layerOrder: 0,
        tempo: 60,
        videoTransparency: 50,
        videoState: "off",
        textToSpeechLanguage: null,
      },
      {
        ...base,
        isStage: false,
        name: COSTUME_NAME,
        variables: {},
        blocks,
        costumes: [
          {
            name: COSTUME_NAME,
            bitmapResolution: 1,
            dataFormat: "svg",
            assetId: COSTUME_MD5,
            md5ext: `${COSTUME_MD5}.svg`,
            rotationCenterX: COSTUME_CENTRE.x,
            rotationCenterY: COSTUME_CENTRE.y,
          },
        ],
        layerOrder: 1,
        visible: options.start?.visible ?? true,
        x: options.start?.x ?? 0,
        y: options.start?.y ?? 0,
        size: 100,
        direction: options.start?.direction ?? 90,
        draggable: false,
        rotationStyle: "all around",
      },
    ],
    monitors: [],
    extensions: [],
    meta: { semver: "3.0.0", vm: "0.2.0", agent: "Pathways" },
  };
}

export const SB3_MIME_TYPE = "application/x.scratch.sb3";

/** The .sb3 file's bytes: project.json and the two assets, zipped. Throws ScratchExportError. */
export async function buildSb3(program: Program, options: ExportOptions = {}): Promise<Uint8Array> {
  const project = toScratchProject(program, options);
  const { default: JSZip } = await import("jszip");
  const zip = new JSZip();
  zip.file("project.json", JSON.stringify(project));
  zip.file(`${BACKDROP_MD5}.svg`, BACKDROP_SVG);
  zip.file(`${COSTUME_MD5}.svg`, COSTUME_SVG);
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}
