/**
 * The blocks as Blockly sees them: JSON definitions, a Scratch-coloured theme for the zelos
 * renderer, a toolbox builder that an exercise can narrow, and conversions between Blockly's
 * workspace JSON and the program model (app/modules/blocks/program.ts).
 *
 * Blockly itself is only imported as a type here: the caller passes in the module it loaded lazily
 * (block-workspace.tsx), so this file costs nothing on pages without blocks and the conversions
 * run in unit tests without a DOM.
 *
 * Colours are Scratch 3's, with black text: Scratch's white text on its yellow, orange and green
 * blocks is below the WCAG AA contrast ratio (1.7–2.9:1); black on every category is at least 5.7:1.
 */
import type * as BlocklyModule from "blockly/core";
import {
  BLOCKS,
  type BlockType,
  type Category,
  CATEGORIES,
  type Expr,
  isBlockType,
  KEYS,
  type Program,
  PROGRAM_VERSION,
  type Reporter,
  type Script,
  type Statement,
  variablesOf,
} from "~/modules/blocks/program.ts";

type Blockly = typeof BlocklyModule;
type BlockState = BlocklyModule.serialization.blocks.State;

/** Blockly's JSON for a workspace (what `serialization.workspaces.save` returns). */
export type WorkspaceState = {
  blocks?: { languageVersion: number; blocks: BlockState[] };
  variables?: { name: string; id: string; type?: string }[];
  [other: string]: unknown;
};

/** What we store for a learner's draft: Blockly's JSON, tagged so a later format can be told apart. */
export type SavedWorkspace = { format: "pathways-blocks"; version: 1; blockly: string; workspace: WorkspaceState };

export const SAVED_WORKSPACE_FORMAT = "pathways-blocks";

// ---------------------------------------------------------------------------------------------
// Colours and the theme.

type Palette = { primary: string; secondary: string; tertiary: string };

/** Scratch 3's category colours (primary, secondary for dropdowns, tertiary for borders). */
export const CATEGORY_COLOURS: Record<Category, Palette> = {
  motion: { primary: "#4C97FF", secondary: "#4280D7", tertiary: "#3373CC" },
  looks: { primary: "#9966FF", secondary: "#855CD6", tertiary: "#774DCB" },
  events: { primary: "#FFBF00", secondary: "#E6AC00", tertiary: "#CC9900" },
  control: { primary: "#FFAB19", secondary: "#EC9C13", tertiary: "#CF8B17" },
  sensing: { primary: "#5CB1D6", secondary: "#47A8D1", tertiary: "#2E8EB8" },
  operators: { primary: "#59C059", secondary: "#46B946", tertiary: "#389438" },
  variables: { primary: "#FF8C1A", secondary: "#FF8000", tertiary: "#DB6E00" },
};

export const CATEGORY_NAMES: Record<Category, string> = {
  events: "Events",
  motion: "Motion",
  looks: "Looks",
  control: "Control",
  sensing: "Sensing",
  operators: "Operators",
  variables: "Variables",
};

const blockStyle = (category: Category) => `${category}_blocks`;
const HAT_STYLE = "events_hat_blocks";
const SHADOW_STYLE = "value_blocks";

export function defineTheme(Blockly: Blockly): BlocklyModule.Theme {
  const blockStyles: Record<string, Partial<BlocklyModule.Theme.BlockStyle>> = {};
  const categoryStyles: Record<string, BlocklyModule.Theme.CategoryStyle> = {};
  for (const category of CATEGORIES) {
    const c = CATEGORY_COLOURS[category];
    blockStyles[blockStyle(category)] = { colourPrimary: c.primary, colourSecondary: c.secondary, colourTertiary: c.tertiary };
    categoryStyles[`${category}_category`] = { colour: c.primary };
  }
  const events = CATEGORY_COLOURS.events;
  blockStyles[HAT_STYLE] = {
    colourPrimary: events.primary,
    colourSecondary: events.secondary,
    colourTertiary: events.tertiary,
    hat: "cap",
  };
  blockStyles[SHADOW_STYLE] = { colourPrimary: "#FFFFFF", colourSecondary: "#FFFFFF", colourTertiary: "#767676" };
  return Blockly.Theme.defineTheme("pathways-scratch", {
    name: "pathways-scratch",
    base: Blockly.Themes.Zelos,
    blockStyles,
    categoryStyles,
    componentStyles: {
      workspaceBackgroundColour: "#F9F9F9",
      toolboxBackgroundColour: "#FFFFFF",
      toolboxForegroundColour: "#1B1F24",
      flyoutBackgroundColour: "#E9EEF2",
      flyoutForegroundColour: "#1B1F24",
      flyoutOpacity: 1,
      scrollbarColour: "#8A939D",
      insertionMarkerColour: "#000000",
      insertionMarkerOpacity: 0.2,
      cursorColour: "#1D4F91",
      markerColour: "#1D4F91",
      selectedGlowColour: "#1D4F91",
    },
    fontStyle: { family: "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", weight: "600", size: 12 },
  });
}

// ---------------------------------------------------------------------------------------------
// Slots: one table drives the Blockly definitions, the toolbox defaults and both conversions.

type SlotKind = "number" | "text" | "boolean";
type Slot = { input: string; key: string; kind: SlotKind; default?: number | string };
type Body = { input: string; key: "body" | "else" };

const num = (input: string, key: string, value: number | string = 0): Slot => ({ input, key, kind: "number", default: value });
const txt = (input: string, key: string, value: number | string = ""): Slot => ({ input, key, kind: "text", default: value });
const bool = (input: string, key: string): Slot => ({ input, key, kind: "boolean" });

export const SLOTS: Record<BlockType, Slot[]> = {
  event_whenflagclicked: [],
  event_whenkeypressed: [],
  motion_movesteps: [num("STEPS", "steps", 10)],
  motion_turnright: [num("DEGREES", "degrees", 15)],
  motion_turnleft: [num("DEGREES", "degrees", 15)],
  motion_gotoxy: [num("X", "x", 0), num("Y", "y", 0)],
  motion_pointindirection: [num("DIRECTION", "direction", 90)],
  motion_glidesecstoxy: [num("SECS", "seconds", 1), num("X", "x", 0), num("Y", "y", 0)],
  looks_sayforsecs: [txt("MESSAGE", "message", "Hello!"), num("SECS", "seconds", 2)],
  looks_say: [txt("MESSAGE", "message", "Hello!")],
  looks_show: [],
  looks_hide: [],
  control_repeat: [num("TIMES", "times", 10)],
  control_forever: [],
  control_if: [bool("CONDITION", "condition")],
  control_if_else: [bool("CONDITION", "condition")],
  control_wait: [num("DURATION", "seconds", 1)],
  sensing_touchingedge: [],
  sensing_keypressed: [],
  operator_add: [num("NUM1", "left", ""), num("NUM2", "right", "")],
  operator_subtract: [num("NUM1", "left", ""), num("NUM2", "right", "")],
  operator_multiply: [num("NUM1", "left", ""), num("NUM2", "right", "")],
  operator_divide: [num("NUM1", "left", ""), num("NUM2", "right", "")],
  operator_lt: [txt("OPERAND1", "left"), txt("OPERAND2", "right", 50)],
  operator_equals: [txt("OPERAND1", "left"), txt("OPERAND2", "right", 50)],
  operator_gt: [txt("OPERAND1", "left"), txt("OPERAND2", "right", 50)],
  operator_and: [bool("OPERAND1", "left"), bool("OPERAND2", "right")],
  operator_or: [bool("OPERAND1", "left"), bool("OPERAND2", "right")],
  operator_not: [bool("OPERAND", "operand")],
  operator_random: [num("FROM", "from", 1), num("TO", "to", 10)],
  data_setvariableto: [txt("VALUE", "value", 0)],
  data_changevariableby: [num("VALUE", "by", 1)],
  data_variable: [],
};

const BODIES: Partial<Record<BlockType, Body[]>> = {
  control_repeat: [{ input: "SUBSTACK", key: "body" }],
  control_forever: [{ input: "SUBSTACK", key: "body" }],
  control_if: [{ input: "SUBSTACK", key: "body" }],
  control_if_else: [
    { input: "SUBSTACK", key: "body" },
    { input: "SUBSTACK2", key: "else" },
  ],
};

const NUMBER_SHADOW = "math_number";
const TEXT_SHADOW = "text";
export const DEFAULT_VARIABLE = "my variable";
const KEY_OPTIONS = KEYS.map((key) => [key, key]);

/** A small original green flag, drawn inline (img-src allows data: URLs; nothing is fetched). */
const FLAG_IMAGE =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24"><path d="M5 3v19" stroke="#3f4a3c" stroke-width="2.4" stroke-linecap="round"/><path d="M6 4c4-2 7 2 12 0v9c-5 2-8-2-12 0z" fill="#2e9d3a" stroke="#1f6b28" stroke-width="1.2" stroke-linejoin="round"/></svg>',
  );

// ---------------------------------------------------------------------------------------------
// Blockly block definitions.

type Json = Record<string, unknown>;

function valueArg(slot: Slot): Json {
  return { type: "input_value", name: slot.input, ...(slot.kind === "boolean" ? { check: "Boolean" } : {}) };
}

/** message0 with %1… for the given args; `text` uses {NAME} placeholders in argument order. */
function define(type: BlockType, text: string, args: Json[], extra: Json): Json {
  let n = 0;
  const message0 = text.replace(/\{[A-Z_0-9]+\}/g, () => `%${++n}`);
  return {
    type,
    message0,
    args0: args,
    style: extra.style ?? blockStyle(BLOCKS[type].category),
    tooltip: extra.tooltip,
    inputsInline: true,
    ...extra,
  };
}

const slotArgs = (type: BlockType) => SLOTS[type].map(valueArg);
const statement = { previousStatement: null, nextStatement: null };
const ROUND = 2;
const HEXAGONAL = 1;
const reporter = { output: null, outputShape: ROUND };
const booleanBlock = { output: "Boolean", outputShape: HEXAGONAL };

/** The Blockly JSON definitions of every block (and the two value shadows). */
export function blockDefinitions(): Json[] {
  const variableField = { type: "field_variable", name: "VARIABLE", variable: DEFAULT_VARIABLE };
  const keyField = { type: "field_dropdown", name: "KEY_OPTION", options: KEY_OPTIONS };
  const c = (type: BlockType, head: string, tooltip: string, extra: Json = {}) => {
    const slots = slotArgs(type);
    const bodies = BODIES[type] ?? [];
    const json = define(type, head, slots, { ...statement, tooltip, ...extra });
    bodies.forEach((body, i) => {
      const label = i === 0 ? "%1" : "else %1";
      json[`message${i + 1}`] = label;
      json[`args${i + 1}`] = [{ type: "input_statement", name: body.input }];
    });
    return json;
  };
  return [
    {
      type: NUMBER_SHADOW,
      message0: "%1",
      args0: [{ type: "field_number", name: "NUM", value: 0 }],
      output: "Number",
      outputShape: ROUND,
      style: SHADOW_STYLE,
      tooltip: "A number",
    },
    {
      type: TEXT_SHADOW,
      message0: "%1",
      args0: [{ type: "field_input", name: "TEXT", text: "" }],
      output: "String",
      outputShape: ROUND,
      style: SHADOW_STYLE,
      tooltip: "Some text",
    },
    define(
      "event_whenflagclicked",
      "when {FLAG} clicked",
      [{ type: "field_image", src: FLAG_IMAGE, width: 24, height: 24, alt: "green flag" }],
      {
        nextStatement: null,
        style: HAT_STYLE,
        tooltip: "Runs the blocks below when the green flag (Run) is clicked.",
      },
    ),
    define("event_whenkeypressed", "when {KEY} key pressed", [keyField], {
      nextStatement: null,
      style: HAT_STYLE,
      tooltip: "Runs the blocks below when this key is pressed on the stage.",
    }),
    define("motion_movesteps", "move {STEPS} steps", slotArgs("motion_movesteps"), {
      ...statement,
      tooltip: "Moves the sprite forwards the way it faces.",
    }),
    define("motion_turnright", "turn right {DEGREES} degrees", slotArgs("motion_turnright"), {
      ...statement,
      tooltip: "Turns the sprite clockwise.",
    }),
    define("motion_turnleft", "turn left {DEGREES} degrees", slotArgs("motion_turnleft"), {
      ...statement,
      tooltip: "Turns the sprite anticlockwise.",
    }),
    define("motion_gotoxy", "go to x: {X} y: {Y}", slotArgs("motion_gotoxy"), {
      ...statement,
      tooltip: "Jumps to a point. The centre of the stage is x 0, y 0.",
    }),
    define("motion_pointindirection", "point in direction {DIRECTION}", slotArgs("motion_pointindirection"), {
      ...statement,
      tooltip: "0 is up, 90 is right, 180 is down, -90 is left.",
    }),
    define("motion_glidesecstoxy", "glide {SECS} secs to x: {X} y: {Y}", slotArgs("motion_glidesecstoxy"), {
      ...statement,
      tooltip: "Slides to a point over some seconds.",
    }),
    define("looks_sayforsecs", "say {MESSAGE} for {SECS} seconds", slotArgs("looks_sayforsecs"), {
      ...statement,
      tooltip: "Shows a speech bubble, waits, then removes it.",
    }),
    define("looks_say", "say {MESSAGE}", slotArgs("looks_say"), {
      ...statement,
      tooltip: "Shows a speech bubble until the sprite says something else.",
    }),
    define("looks_show", "show", [], { ...statement, tooltip: "Makes the sprite visible." }),
    define("looks_hide", "hide", [], { ...statement, tooltip: "Makes the sprite invisible." }),
    c("control_repeat", "repeat {TIMES}", "Runs the blocks inside this many times."),
    c("control_forever", "forever", "Runs the blocks inside again and again, until Stop.", { nextStatement: undefined }),
    c("control_if", "if {CONDITION} then", "Runs the blocks inside only when the condition is true."),
    c("control_if_else", "if {CONDITION} then", "Runs the first blocks when the condition is true, otherwise the blocks under else."),
    define("control_wait", "wait {DURATION} seconds", slotArgs("control_wait"), { ...statement, tooltip: "Pauses this script." }),
    define("sensing_touchingedge", "touching edge?", [], {
      ...booleanBlock,
      tooltip: "True when the sprite touches the edge of the stage.",
    }),
    define("sensing_keypressed", "key {KEY} pressed?", [keyField], {
      ...booleanBlock,
      tooltip: "True while this key is held down on the stage.",
    }),
    define("operator_add", "{NUM1} + {NUM2}", slotArgs("operator_add"), { ...reporter, output: "Number", tooltip: "Adds two numbers." }),
    define("operator_subtract", "{NUM1} − {NUM2}", slotArgs("operator_subtract"), { ...reporter, output: "Number", tooltip: "Subtracts." }),
    define("operator_multiply", "{NUM1} × {NUM2}", slotArgs("operator_multiply"), {
      ...reporter,
      output: "Number",
      tooltip: "Multiplies.",
    }),
    define("operator_divide", "{NUM1} ÷ {NUM2}", slotArgs("operator_divide"), { ...reporter, output: "Number", tooltip: "Divides." }),
    define("operator_lt", "{A} < {B}", slotArgs("operator_lt"), {
      ...booleanBlock,
      tooltip: "True when the first is less than the second.",
    }),
    define("operator_equals", "{A} = {B}", slotArgs("operator_equals"), {
      ...booleanBlock,
      tooltip: "True when both are equal (capitals do not matter).",
    }),
    define("operator_gt", "{A} > {B}", slotArgs("operator_gt"), {
      ...booleanBlock,
      tooltip: "True when the first is greater than the second.",
    }),
    define("operator_and", "{A} and {B}", slotArgs("operator_and"), { ...booleanBlock, tooltip: "True when both are true." }),
    define("operator_or", "{A} or {B}", slotArgs("operator_or"), { ...booleanBlock, tooltip: "True when either is true." }),
    define("operator_not", "not {A}", slotArgs("operator_not"), { ...booleanBlock, tooltip: "True when the condition is false." }),
    define("operator_random", "pick random {FROM} to {TO}", slotArgs("operator_random"), {
      ...reporter,
      output: "Number",
      tooltip: "A random number between the two (whole numbers if both are whole).",
    }),
    define("data_setvariableto", "set {VARIABLE} to {VALUE}", [variableField, ...slotArgs("data_setvariableto")], {
      ...statement,
      tooltip: "Sets a variable to a value.",
    }),
    define("data_changevariableby", "change {VARIABLE} by {VALUE}", [variableField, ...slotArgs("data_changevariableby")], {
      ...statement,
      tooltip: "Adds to a variable (use a negative number to take away).",
    }),
    define("data_variable", "{VARIABLE}", [variableField], { ...reporter, tooltip: "The value of the variable." }),
  ].map((json) => Object.fromEntries(Object.entries(json).filter(([, v]) => v !== undefined)));
}

/** Registers the block definitions (once per page). */
export function registerBlocks(Blockly: Blockly) {
  if (Blockly.Blocks[NUMBER_SHADOW] && Blockly.Blocks.motion_movesteps) return;
  Blockly.common.defineBlocksWithJsonArray(blockDefinitions());
}

// ---------------------------------------------------------------------------------------------
// The toolbox.

export type ToolboxOptions = {
  /** Only these categories, in this order (default: all). */
  categories?: Category[];
  /** Only these blocks (default: every block of the chosen categories). */
  blocks?: BlockType[];
};

function shadowFor(slot: Slot, value: number | string | undefined = slot.default): { shadow: BlockState } | undefined {
  if (slot.kind === "boolean") return undefined;
  if (slot.kind === "number" && (typeof value === "number" || value === "" || !Number.isNaN(Number(value)))) {
    return { shadow: { type: NUMBER_SHADOW, ...(value === "" || value === undefined ? {} : { fields: { NUM: Number(value) } }) } };
  }
  return { shadow: { type: TEXT_SHADOW, fields: { TEXT: String(value ?? "") } } };
}

function toolboxBlock(type: BlockType): Json {
  const inputs: Record<string, unknown> = {};
  for (const slot of SLOTS[type]) {
    const shadow = shadowFor(slot);
    if (shadow) inputs[slot.input] = shadow;
  }
  return { kind: "block", type, ...(Object.keys(inputs).length ? { inputs } : {}) };
}

/** Blockly's JSON toolbox: one category per kind of block, narrowed to what an exercise allows. */
export function buildToolbox(options: ToolboxOptions = {}): BlocklyModule.utils.toolbox.ToolboxDefinition {
  const allowed = options.blocks ? new Set(options.blocks) : null;
  const contents = (options.categories ?? [...CATEGORIES]).flatMap((category) => {
    const types = (Object.keys(BLOCKS) as BlockType[]).filter((t) => BLOCKS[t].category === category && (!allowed || allowed.has(t)));
    if (types.length === 0) return [];
    const items: Json[] = [];
    if (category === "variables") items.push({ kind: "button", text: "Make a variable", callbackKey: MAKE_VARIABLE });
    items.push(...types.map(toolboxBlock));
    return [{ kind: "category", name: CATEGORY_NAMES[category], categorystyle: `${category}_category`, contents: items }];
  });
  return { kind: "categoryToolbox", contents } as BlocklyModule.utils.toolbox.ToolboxDefinition;
}

export const MAKE_VARIABLE = "MAKE_VARIABLE";

// ---------------------------------------------------------------------------------------------
// Workspace JSON → program.

export type Conversion = {
  program: Program;
  /** Blocks not under a "when" block: they never run (as in Scratch, where they run only when clicked). */
  looseBlocks: number;
};

function countStack(state: BlockState | undefined): number {
  if (!state) return 0;
  let n = isShadowType(state.type) ? 0 : 1;
  for (const input of Object.values(state.inputs ?? {})) n += countStack(input.block);
  return n + countStack(state.next?.block);
}

const isShadowType = (type: string) => type === NUMBER_SHADOW || type === TEXT_SHADOW;

/** Blockly's workspace JSON as a program. Pure; unknown blocks are skipped. */
export function workspaceToProgram(state: WorkspaceState): Conversion {
  const variableNames = new Map((state.variables ?? []).map((v) => [v.id, v.name]));
  const variableName = (field: unknown): string => {
    if (typeof field === "string") return field;
    const f = field as { id?: string; name?: string } | undefined;
    return (f?.id ? variableNames.get(f.id) : undefined) ?? f?.name ?? DEFAULT_VARIABLE;
  };
  const key = (value: unknown) => ((KEYS as readonly unknown[]).includes(value) ? (value as (typeof KEYS)[number]) : "space");

  function expr(connection: BlocklyModule.serialization.blocks.ConnectionState | undefined, slot: Slot): Expr | null {
    const state = connection?.block ?? connection?.shadow;
    if (!state) return slot.kind === "boolean" ? null : slot.kind === "number" ? 0 : "";
    if (state.type === NUMBER_SHADOW) {
      const value = Number(state.fields?.NUM ?? 0);
      return Number.isFinite(value) ? value : 0;
    }
    if (state.type === TEXT_SHADOW) return String(state.fields?.TEXT ?? "");
    return reporter(state) ?? (slot.kind === "boolean" ? null : 0);
  }

  function node(state: BlockState): Record<string, unknown> | null {
    if (!isBlockType(state.type)) return null;
    const type = state.type;
    const out: Record<string, unknown> = { type };
    if (state.id) out.id = state.id;
    for (const slot of SLOTS[type]) out[slot.key] = expr(state.inputs?.[slot.input], slot);
    for (const body of BODIES[type] ?? []) out[body.key] = stack(state.inputs?.[body.input]?.block);
    if (type === "sensing_keypressed" || type === "event_whenkeypressed") out.key = key(state.fields?.KEY_OPTION);
    if (type === "data_variable" || type === "data_setvariableto" || type === "data_changevariableby")
      out.name = variableName(state.fields?.VARIABLE);
    return out;
  }

  function reporter(state: BlockState): Reporter | null {
    if (!isBlockType(state.type) || !["reporter", "boolean"].includes(BLOCKS[state.type].shape)) return null;
    return node(state) as Reporter | null;
  }

  function stack(first: BlockState | undefined): Statement[] {
    const statements: Statement[] = [];
    for (let state = first; state; state = state.next?.block) {
      if (!isBlockType(state.type) || !["stack", "c", "cap"].includes(BLOCKS[state.type].shape)) continue;
      const statement = node(state);
      if (statement) statements.push(statement as Statement);
    }
    return statements;
  }

  const scripts: Script[] = [];
  let looseBlocks = 0;
  for (const top of state.blocks?.blocks ?? []) {
    if (top.type === "event_whenflagclicked" || top.type === "event_whenkeypressed") {
      const script = node(top)!;
      script.body = stack(top.next?.block);
      scripts.push(script as Script);
    } else {
      looseBlocks += countStack(top);
    }
  }
  const program: Program = { version: PROGRAM_VERSION, scripts };
  const declared = (state.variables ?? []).map((v) => v.name);
  if (declared.length > 0) program.variables = declared;
  return { program, looseBlocks };
}

// ---------------------------------------------------------------------------------------------
// Program → workspace JSON (starters, examples and solutions written as programs).

const variableId = (name: string) => `var-${name.replace(/[^A-Za-z0-9_-]/g, "_")}`;

export function programToWorkspace(program: Program): WorkspaceState {
  function exprState(value: Expr | null, slot: Slot): BlocklyModule.serialization.blocks.ConnectionState | undefined {
    if (value === null) return undefined;
    if (typeof value !== "object") {
      if (slot.kind === "text") return { shadow: { type: TEXT_SHADOW, fields: { TEXT: String(value) } } };
      return shadowFor(slot, value);
    }
    return { ...(shadowFor(slot) ?? {}), block: nodeState(value) };
  }

  function nodeState(n: Script | Statement | Reporter): BlockState {
    const state: BlockState = { type: n.type };
    if (n.id) state.id = n.id;
    const inputs: Record<string, BlocklyModule.serialization.blocks.ConnectionState> = {};
    const record = n as unknown as Record<string, unknown>;
    for (const slot of SLOTS[n.type]) {
      const connection = exprState(record[slot.key] as Expr | null, slot);
      if (connection) inputs[slot.input] = connection;
    }
    for (const body of BODIES[n.type] ?? []) {
      const first = stackState(record[body.key] as Statement[]);
      if (first) inputs[body.input] = { block: first };
    }
    if (Object.keys(inputs).length > 0) state.inputs = inputs;
    if ("key" in n) state.fields = { KEY_OPTION: n.key };
    if ("name" in n) state.fields = { VARIABLE: { id: variableId(n.name) } };
    return state;
  }

  function stackState(statements: Statement[]): BlockState | undefined {
    let first: BlockState | undefined;
    let last: BlockState | undefined;
    for (const s of statements) {
      const state = nodeState(s);
      if (last) last.next = { block: state };
      else first = state;
      last = state;
    }
    return first;
  }

  let y = 24;
  const blocks = program.scripts.map((script) => {
    const state = nodeState(script);
    const body = stackState(script.body);
    if (body) state.next = { block: body };
    state.x = 24;
    state.y = y;
    y += 72 + 56 * countStack(body);
    return state;
  });
  const names = variablesOf(program);
  return {
    blocks: { languageVersion: 0, blocks },
    ...(names.length > 0 ? { variables: names.map((name) => ({ name, id: variableId(name) })) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Saving and loading drafts.

export function saveWorkspace(Blockly: Blockly, workspace: BlocklyModule.Workspace): SavedWorkspace {
  return {
    format: SAVED_WORKSPACE_FORMAT,
    version: 1,
    blockly: Blockly.VERSION,
    workspace: Blockly.serialization.workspaces.save(workspace) as WorkspaceState,
  };
}

/** Loads a saved draft; returns false (and loads nothing) when it is not one of ours. */
export function loadWorkspace(Blockly: Blockly, workspace: BlocklyModule.Workspace, saved: unknown): boolean {
  const s = saved as Partial<SavedWorkspace> | null;
  if (!s || s.format !== SAVED_WORKSPACE_FORMAT || s.version !== 1 || typeof s.workspace !== "object") return false;
  Blockly.serialization.workspaces.load(s.workspace, workspace);
  return true;
}
