/**
 * The program model for Scratch-style block exercises: a small, serialisable JSON tree that the
 * block editor produces, the interpreter runs, goals check and the .sb3 export converts. Pure (no
 * DOM, no I/O), so it runs the same in the browser, in unit tests and in `courses:check`.
 *
 * Every node's `type` is the block's id, named after Scratch 3's opcode where Scratch has one
 * (`motion_movesteps`, `control_repeat`…), so exercise files, the toolbox, goals ("use the
 * `control_repeat` block") and the .sb3 mapping share one vocabulary. A value slot holds either a
 * literal (a number or a string, like the white ovals in Scratch) or a reporter block.
 *
 *   { "version": 1, "scripts": [{ "type": "event_whenflagclicked", "body": [
 *       { "type": "control_repeat", "times": 4, "body": [
 *           { "type": "motion_movesteps", "steps": 100 },
 *           { "type": "motion_turnright", "degrees": 90 } ] } ] }] }
 */
import { z } from "zod";

export const PROGRAM_VERSION = 1;

/** The keys Scratch's "when key pressed" and "key pressed?" blocks offer here (Scratch's own names). */
export const KEYS = ["space", "up arrow", "down arrow", "left arrow", "right arrow"] as const;
export type Key = (typeof KEYS)[number];

export const CATEGORIES = ["events", "motion", "looks", "control", "sensing", "operators", "variables"] as const;
export type Category = (typeof CATEGORIES)[number];

type BlockInfo = { category: Category; label: string; shape: "hat" | "stack" | "c" | "cap" | "reporter" | "boolean" };

/** Every block the editor offers, with a plain-English label used in messages ("use the repeat block"). */
export const BLOCKS = {
  event_whenflagclicked: { category: "events", label: "when green flag clicked", shape: "hat" },
  event_whenkeypressed: { category: "events", label: "when key pressed", shape: "hat" },
  motion_movesteps: { category: "motion", label: "move steps", shape: "stack" },
  motion_turnright: { category: "motion", label: "turn right", shape: "stack" },
  motion_turnleft: { category: "motion", label: "turn left", shape: "stack" },
  motion_gotoxy: { category: "motion", label: "go to x y", shape: "stack" },
  motion_pointindirection: { category: "motion", label: "point in direction", shape: "stack" },
  motion_glidesecstoxy: { category: "motion", label: "glide to x y", shape: "stack" },
  looks_sayforsecs: { category: "looks", label: "say for seconds", shape: "stack" },
  looks_say: { category: "looks", label: "say", shape: "stack" },
  looks_show: { category: "looks", label: "show", shape: "stack" },
  looks_hide: { category: "looks", label: "hide", shape: "stack" },
  control_repeat: { category: "control", label: "repeat", shape: "c" },
  control_forever: { category: "control", label: "forever", shape: "cap" },
  control_if: { category: "control", label: "if then", shape: "c" },
  control_if_else: { category: "control", label: "if then else", shape: "c" },
  control_wait: { category: "control", label: "wait", shape: "stack" },
  sensing_touchingedge: { category: "sensing", label: "touching edge?", shape: "boolean" },
  sensing_keypressed: { category: "sensing", label: "key pressed?", shape: "boolean" },
  operator_add: { category: "operators", label: "add (+)", shape: "reporter" },
  operator_subtract: { category: "operators", label: "subtract (−)", shape: "reporter" },
  operator_multiply: { category: "operators", label: "multiply (×)", shape: "reporter" },
  operator_divide: { category: "operators", label: "divide (÷)", shape: "reporter" },
  operator_lt: { category: "operators", label: "less than (<)", shape: "boolean" },
  operator_equals: { category: "operators", label: "equals (=)", shape: "boolean" },
  operator_gt: { category: "operators", label: "greater than (>)", shape: "boolean" },
  operator_and: { category: "operators", label: "and", shape: "boolean" },
  operator_or: { category: "operators", label: "or", shape: "boolean" },
  operator_not: { category: "operators", label: "not", shape: "boolean" },
  operator_random: { category: "operators", label: "pick random", shape: "reporter" },
  data_setvariableto: { category: "variables", label: "set variable to", shape: "stack" },
  data_changevariableby: { category: "variables", label: "change variable by", shape: "stack" },
  data_variable: { category: "variables", label: "variable", shape: "reporter" },
} as const satisfies Record<string, BlockInfo>;

export type BlockType = keyof typeof BLOCKS;
export const BLOCK_TYPES = Object.keys(BLOCKS) as BlockType[];

export function isBlockType(value: string): value is BlockType {
  return Object.hasOwn(BLOCKS, value);
}

/** A value a slot or variable can hold (Scratch's values are untyped: numbers, text, true/false). */
export type Value = number | string | boolean;

/** Optional on every node: the editor's block id, so the running block can be highlighted. */
type Node = { id?: string };

export type Reporter =
  | (Node & { type: "operator_add" | "operator_subtract" | "operator_multiply" | "operator_divide"; left: Expr; right: Expr })
  | (Node & { type: "operator_lt" | "operator_equals" | "operator_gt"; left: Expr; right: Expr })
  | (Node & { type: "operator_and" | "operator_or"; left: Expr | null; right: Expr | null })
  | (Node & { type: "operator_not"; operand: Expr | null })
  | (Node & { type: "operator_random"; from: Expr; to: Expr })
  | (Node & { type: "sensing_touchingedge" })
  | (Node & { type: "sensing_keypressed"; key: Key })
  | (Node & { type: "data_variable"; name: string });

/** A literal (number or text) or a reporter block. `null` is an empty true/false slot (false, as in Scratch). */
export type Expr = number | string | Reporter;

export type Statement =
  | (Node & { type: "motion_movesteps"; steps: Expr })
  | (Node & { type: "motion_turnright" | "motion_turnleft"; degrees: Expr })
  | (Node & { type: "motion_gotoxy"; x: Expr; y: Expr })
  | (Node & { type: "motion_pointindirection"; direction: Expr })
  | (Node & { type: "motion_glidesecstoxy"; seconds: Expr; x: Expr; y: Expr })
  | (Node & { type: "looks_sayforsecs"; message: Expr; seconds: Expr })
  | (Node & { type: "looks_say"; message: Expr })
  | (Node & { type: "looks_show" | "looks_hide" })
  | (Node & { type: "control_repeat"; times: Expr; body: Statement[] })
  | (Node & { type: "control_forever"; body: Statement[] })
  | (Node & { type: "control_if"; condition: Expr | null; body: Statement[] })
  | (Node & { type: "control_if_else"; condition: Expr | null; body: Statement[]; else: Statement[] })
  | (Node & { type: "control_wait"; seconds: Expr })
  | (Node & { type: "data_setvariableto"; name: string; value: Expr })
  | (Node & { type: "data_changevariableby"; name: string; by: Expr });

export type Script =
  (Node & { type: "event_whenflagclicked"; body: Statement[] }) | (Node & { type: "event_whenkeypressed"; key: Key; body: Statement[] });

export type Program = { version: typeof PROGRAM_VERSION; scripts: Script[]; variables?: string[] };

// ---------------------------------------------------------------------------------------------
// Parsing (exercise files, saved drafts): one zod schema per node kind.

const id = z.string().min(1).max(100).optional();
const variableName = z.string().trim().min(1, "A variable needs a name").max(60);
const KeySchema = z.enum(KEYS);

export const ExprSchema: z.ZodType<Expr> = z.lazy(() =>
  z.union([
    z.number().finite(),
    z.string().max(1000),
    z.discriminatedUnion("type", [
      z.strictObject({
        id,
        type: z.enum(["operator_add", "operator_subtract", "operator_multiply", "operator_divide"]),
        left: ExprSchema,
        right: ExprSchema,
      }),
      z.strictObject({ id, type: z.enum(["operator_lt", "operator_equals", "operator_gt"]), left: ExprSchema, right: ExprSchema }),
      z.strictObject({ id, type: z.enum(["operator_and", "operator_or"]), left: ExprSchema.nullable(), right: ExprSchema.nullable() }),
      z.strictObject({ id, type: z.literal("operator_not"), operand: ExprSchema.nullable() }),
      z.strictObject({ id, type: z.literal("operator_random"), from: ExprSchema, to: ExprSchema }),
      z.strictObject({ id, type: z.literal("sensing_touchingedge") }),
      z.strictObject({ id, type: z.literal("sensing_keypressed"), key: KeySchema }),
      z.strictObject({ id, type: z.literal("data_variable"), name: variableName }),
    ]),
  ]),
);

export const StatementSchema: z.ZodType<Statement> = z.lazy(() =>
  z.discriminatedUnion("type", [
    z.strictObject({ id, type: z.literal("motion_movesteps"), steps: ExprSchema }),
    z.strictObject({ id, type: z.enum(["motion_turnright", "motion_turnleft"]), degrees: ExprSchema }),
    z.strictObject({ id, type: z.literal("motion_gotoxy"), x: ExprSchema, y: ExprSchema }),
    z.strictObject({ id, type: z.literal("motion_pointindirection"), direction: ExprSchema }),
    z.strictObject({ id, type: z.literal("motion_glidesecstoxy"), seconds: ExprSchema, x: ExprSchema, y: ExprSchema }),
    z.strictObject({ id, type: z.literal("looks_sayforsecs"), message: ExprSchema, seconds: ExprSchema }),
    z.strictObject({ id, type: z.literal("looks_say"), message: ExprSchema }),
    z.strictObject({ id, type: z.enum(["looks_show", "looks_hide"]) }),
    z.strictObject({ id, type: z.literal("control_repeat"), times: ExprSchema, body: z.array(StatementSchema) }),
    z.strictObject({ id, type: z.literal("control_forever"), body: z.array(StatementSchema) }),
    z.strictObject({ id, type: z.literal("control_if"), condition: ExprSchema.nullable(), body: z.array(StatementSchema) }),
    z.strictObject({
      id,
      type: z.literal("control_if_else"),
      condition: ExprSchema.nullable(),
      body: z.array(StatementSchema),
      else: z.array(StatementSchema),
    }),
    z.strictObject({ id, type: z.literal("control_wait"), seconds: ExprSchema }),
    z.strictObject({ id, type: z.literal("data_setvariableto"), name: variableName, value: ExprSchema }),
    z.strictObject({ id, type: z.literal("data_changevariableby"), name: variableName, by: ExprSchema }),
  ]),
);

export const ScriptSchema: z.ZodType<Script> = z.discriminatedUnion("type", [
  z.strictObject({ id, type: z.literal("event_whenflagclicked"), body: z.array(StatementSchema) }),
  z.strictObject({ id, type: z.literal("event_whenkeypressed"), key: KeySchema, body: z.array(StatementSchema) }),
]);

export const ProgramSchema = z.strictObject({
  version: z.literal(PROGRAM_VERSION),
  scripts: z.array(ScriptSchema).max(50),
  variables: z.array(variableName).max(50).optional(),
});

/** Parses untrusted JSON (an exercise file, a saved draft) into a program, or throws a ZodError. */
export function parseProgram(json: unknown): Program {
  return ProgramSchema.parse(json);
}

// ---------------------------------------------------------------------------------------------
// Walking the tree.

export type AnyNode = Script | Statement | Reporter;

function isReporter(expr: Expr | null): expr is Reporter {
  return typeof expr === "object" && expr !== null;
}

/** The value slots of a statement or reporter, in reading order. */
export function slotsOf(node: AnyNode): (Expr | null)[] {
  switch (node.type) {
    case "motion_movesteps":
      return [node.steps];
    case "motion_turnright":
    case "motion_turnleft":
      return [node.degrees];
    case "motion_gotoxy":
      return [node.x, node.y];
    case "motion_pointindirection":
      return [node.direction];
    case "motion_glidesecstoxy":
      return [node.seconds, node.x, node.y];
    case "looks_sayforsecs":
      return [node.message, node.seconds];
    case "looks_say":
      return [node.message];
    case "control_repeat":
      return [node.times];
    case "control_if":
    case "control_if_else":
      return [node.condition];
    case "control_wait":
      return [node.seconds];
    case "data_setvariableto":
      return [node.value];
    case "data_changevariableby":
      return [node.by];
    case "operator_add":
    case "operator_subtract":
    case "operator_multiply":
    case "operator_divide":
    case "operator_lt":
    case "operator_equals":
    case "operator_gt":
    case "operator_and":
    case "operator_or":
      return [node.left, node.right];
    case "operator_not":
      return [node.operand];
    case "operator_random":
      return [node.from, node.to];
    default:
      return [];
  }
}

/** The statement lists inside a script or a C block (if/else has two). */
export function bodiesOf(node: AnyNode): Statement[][] {
  switch (node.type) {
    case "event_whenflagclicked":
    case "event_whenkeypressed":
    case "control_repeat":
    case "control_forever":
    case "control_if":
      return [node.body];
    case "control_if_else":
      return [node.body, node.else];
    default:
      return [];
  }
}

/** Calls `visit` for every block of the program (scripts, statements and reporters; not literals). */
export function walkProgram(program: Program, visit: (node: AnyNode) => void) {
  const walk = (node: AnyNode) => {
    visit(node);
    for (const slot of slotsOf(node)) if (isReporter(slot)) walk(slot);
    for (const body of bodiesOf(node)) for (const statement of body) walk(statement);
  };
  for (const script of program.scripts) walk(script);
}

/** How many blocks a learner placed: hats, statements and reporters; the literal values in slots are not blocks. */
export function countBlocks(program: Program): number {
  let count = 0;
  walkProgram(program, () => count++);
  return count;
}

export function blockTypesUsed(program: Program): Set<BlockType> {
  const used = new Set<BlockType>();
  walkProgram(program, (node) => used.add(node.type));
  return used;
}

/** Variable names the program declares or uses, in first-seen order. */
export function variablesOf(program: Program): string[] {
  const names = new Set(program.variables ?? []);
  walkProgram(program, (node) => {
    if (node.type === "data_variable" || node.type === "data_setvariableto" || node.type === "data_changevariableby") names.add(node.name);
  });
  return [...names];
}

// ---------------------------------------------------------------------------------------------
// Plain-English text, for the trace and messages.

/** A number as people write it: at most two decimal places, no "-0". */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? "infinity" : n < 0 ? "minus infinity" : "not a number";
  const rounded = Math.round(n * 100) / 100;
  return Object.is(rounded, -0) ? "0" : String(rounded);
}

/** How a value slot reads: `10`, `“Hello”`, `score`, `(score + 1)`, `touching edge?`. */
export function describeExpr(expr: Expr | null): string {
  if (expr === null) return "(empty)";
  if (typeof expr === "number") return formatNumber(expr);
  if (typeof expr === "string") return `“${expr}”`;
  const SYMBOLS = {
    operator_add: "+",
    operator_subtract: "−",
    operator_multiply: "×",
    operator_divide: "÷",
    operator_lt: "<",
    operator_equals: "=",
    operator_gt: ">",
  } as const;
  switch (expr.type) {
    case "operator_add":
    case "operator_subtract":
    case "operator_multiply":
    case "operator_divide":
    case "operator_lt":
    case "operator_equals":
    case "operator_gt":
      return `(${describeExpr(expr.left)} ${SYMBOLS[expr.type]} ${describeExpr(expr.right)})`;
    case "operator_and":
    case "operator_or":
      return `(${describeExpr(expr.left)} ${expr.type === "operator_and" ? "and" : "or"} ${describeExpr(expr.right)})`;
    case "operator_not":
      return `(not ${describeExpr(expr.operand)})`;
    case "operator_random":
      return `(pick random ${describeExpr(expr.from)} to ${describeExpr(expr.to)})`;
    case "sensing_touchingedge":
      return "touching edge?";
    case "sensing_keypressed":
      return `key ${expr.key} pressed?`;
    case "data_variable":
      return expr.name;
  }
}

export function emptyProgram(): Program {
  return { version: PROGRAM_VERSION, scripts: [{ type: "event_whenflagclicked", body: [] }] };
}
