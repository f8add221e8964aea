import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRandom, pick, type Random } from "../lib/prng.js";

/** What a generated repository holds: its file count by kind and the references planted in it. */
export interface GeneratedRepository {
  files: number;
  plantedReferences: number;
}

const FLAGS = Array.from({ length: 200 }, (_, i) => `flag-${i}`);

// Ordinary application code: imports, types, functions, strings and comments, around 60 lines a file.
function ordinaryModule(random: Random, index: number): string {
  const lines = [
    `import { format } from "../lib/format-${index % 50}";`,
    `import type { Order } from "../model/order-${index % 30}";`,
    "",
    `/** Module ${index}: totals, labels and a small state machine. */`,
    `export interface Totals${index} {`,
    "  net: number;",
    "  tax: number;",
    "  label: string;",
    "}",
    "",
  ];
  const functions = 3 + Math.floor(random() * 4);
  for (let f = 0; f < functions; f++) {
    lines.push(
      `export function step${f}(order: Order, rate = ${(random() * 0.3).toFixed(2)}): Totals${index} {`,
      "  // Rounds to cents before the tax, as the ledger does.",
      "  const net = Math.round(order.amount * 100) / 100;",
      `  const label = format("${pick(random, ["order", "refund", "invoice", "quote"])}-%s", order.id);`,
      "  if (net <= 0) {",
      '    return { net: 0, tax: 0, label: "empty" };',
      "  }",
      "  const items = order.lines.filter((line) => line.quantity > 0).map((line) => line.sku);",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the generated source holds a template literal
      "  return { net, tax: net * rate, label: `${label}:${items.length}` };",
      "}",
      "",
    );
  }
  return `${lines.join("\n")}\n`;
}

function flagModule(random: Random, index: number): { text: string; references: number } {
  const flag = pick(random, FLAGS);
  const other = pick(random, FLAGS);
  const text = `${ordinaryModule(random, index)}
import { flags } from "../flags";

export function gated${index}(order: Order): string {
  if (flags.isOn("${flag}", { id: order.id })) {
    return "new";
  }
  const size = flags.value("${other}", 10);
  return size > 5 ? "wide" : "narrow";
}
`;
  return { text, references: 2 };
}

function pythonModule(random: Random, index: number): { text: string; references: number } {
  const uses = random() < 0.2;
  const body = [
    "from decimal import Decimal",
    "",
    `def total_${index}(order):`,
    "    # Totals are computed in cents.",
    "    net = Decimal(order.amount).quantize(Decimal('0.01'))",
    uses ? `    if gb.is_on("${pick(random, FLAGS)}"):\n        return net * 2` : "    return net",
    "    return net",
    "",
  ];
  return { text: `${body.join("\n")}\n`, references: uses ? 1 : 0 };
}

/**
 * Writes a repository of `count` source files under `root`: 85 % TypeScript/JavaScript (15 % of those with flag
 * calls), 15 % Python (a fifth of those with a pattern reference), plus an ignored `dist/` the scan must skip.
 */
export function generateRepository(root: string, count: number, seed = 19): GeneratedRepository {
  const random = createRandom(seed);
  let planted = 0;
  writeFileSync(join(root, ".gitignore"), "dist/\n");
  mkdirSync(join(root, "dist"), { recursive: true });
  for (let i = 0; i < 50; i++) writeFileSync(join(root, "dist", `bundle-${i}.js`), 'flags.isOn("in-dist");\n');
  const made = new Set<string>();
  for (let i = 0; i < count; i++) {
    const folder = join(root, "src", `area-${i % 40}`, `part-${Math.floor(i / 40) % 25}`);
    if (!made.has(folder)) mkdirSync(folder, { recursive: true });
    made.add(folder);
    if (i % 100 < 15) {
      const python = pythonModule(random, i);
      planted += python.references;
      writeFileSync(join(folder, `module_${i}.py`), python.text);
    } else if (random() < 0.15) {
      const gated = flagModule(random, i);
      planted += gated.references;
      writeFileSync(join(folder, `module-${i}.${i % 3 === 0 ? "tsx" : "ts"}`), gated.text);
    } else {
      writeFileSync(join(folder, `module-${i}.${i % 5 === 0 ? "js" : "ts"}`), ordinaryModule(random, i));
    }
  }
  return { files: count, plantedReferences: planted };
}
