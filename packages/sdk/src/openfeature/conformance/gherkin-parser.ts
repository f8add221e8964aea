/** One step of a scenario, with its data table when it has one. */
export interface GherkinStep {
  keyword: string;
  text: string;
  table: string[][] | undefined;
  line: number;
}

/** A runnable scenario: a plain scenario, or one row of a scenario outline's examples, with the background first. */
export interface GherkinScenario {
  feature: string;
  name: string;
  tags: string[];
  steps: GherkinStep[];
}

interface Examples {
  name: string;
  tags: string[];
  rows: string[][];
}

interface ScenarioBlock {
  name: string;
  tags: string[];
  outline: boolean;
  steps: GherkinStep[];
  examples: Examples[];
}

const STEP = /^(Given|When|Then|And|But|\*)\s+(.*)$/;
const BLOCK = /^(Feature|Background|Scenario Outline|Scenario Template|Scenario|Example|Examples|Scenarios):\s*(.*)$/;

// Gherkin's cell escapes are \|, \\ and \n; any other backslash stays as written.
function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  for (let i = 1; i < line.length; i++) {
    const char = line[i] as string;
    if (char === "\\" && i + 1 < line.length) {
      const next = line[i + 1] as string;
      cell += next === "n" ? "\n" : next === "|" || next === "\\" ? next : `\\${next}`;
      i++;
    } else if (char === "|") {
      cells.push(cell.trim());
      cell = "";
    } else cell += char;
  }
  return cells;
}

function substitute(text: string, header: readonly string[], row: readonly string[]): string {
  return text.replace(/<([^<>]+)>/g, (whole, name: string) => {
    const index = header.indexOf(name);
    return index === -1 ? whole : (row[index] ?? "");
  });
}

function expand(feature: string, featureTags: string[], background: GherkinStep[], block: ScenarioBlock) {
  const tags = [...featureTags, ...block.tags];
  if (!block.outline) return [{ feature, name: block.name, tags, steps: [...background, ...block.steps] }];
  const scenarios: GherkinScenario[] = [];
  for (const examples of block.examples) {
    const [header = [], ...rows] = examples.rows;
    rows.forEach((row, index) => {
      const label = `${examples.name || "Examples"} #${index + 1}: ${row.join(", ")}`;
      const steps = block.steps.map((step) => ({
        ...step,
        text: substitute(step.text, header, row),
        table: step.table?.map((cells) => cells.map((cell) => substitute(cell, header, row))),
      }));
      scenarios.push({
        feature,
        name: `${block.name} [${label}]`,
        tags: [...tags, ...examples.tags],
        steps: [...background, ...steps],
      });
    });
  }
  return scenarios;
}

/** Parses a `.feature` file into runnable scenarios (outlines expanded per example row). */
export function parseFeature(source: string): GherkinScenario[] {
  let feature = "";
  let featureTags: string[] = [];
  let pendingTags: string[] = [];
  const background: GherkinStep[] = [];
  const blocks: ScenarioBlock[] = [];
  let steps: GherkinStep[] | undefined;
  let tableTarget: string[][] | undefined;
  let lastStep: GherkinStep | undefined;
  source.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    if (line.startsWith("@")) {
      pendingTags.push(...line.split(/\s+/).filter((tag) => tag.startsWith("@")));
      return;
    }
    if (line.startsWith("|")) {
      if (tableTarget === undefined && lastStep !== undefined) lastStep.table = tableTarget = [];
      tableTarget?.push(splitRow(line));
      return;
    }
    tableTarget = undefined;
    const block = BLOCK.exec(line);
    if (block !== null) {
      const [, keyword, name = ""] = block;
      lastStep = undefined;
      if (keyword === "Feature") {
        feature = name;
        featureTags = pendingTags;
      } else if (keyword === "Background") steps = background;
      else if (keyword === "Examples" || keyword === "Scenarios") {
        const examples: Examples = { name, tags: pendingTags, rows: [] };
        blocks.at(-1)?.examples.push(examples);
        tableTarget = examples.rows;
      } else {
        const outline = keyword === "Scenario Outline" || keyword === "Scenario Template";
        const scenario: ScenarioBlock = { name, tags: pendingTags, outline, steps: [], examples: [] };
        blocks.push(scenario);
        steps = scenario.steps;
      }
      pendingTags = [];
      return;
    }
    const step = STEP.exec(line);
    if (step === null || steps === undefined) throw new Error(`line ${index + 1}: cannot read "${line}"`);
    lastStep = { keyword: step[1] as string, text: step[2] as string, table: undefined, line: index + 1 };
    steps.push(lastStep);
  });
  return blocks.flatMap((block) => expand(feature, featureTags, background, block));
}
