/**
 * Finds the command blocks of a Markdown document that are marked runnable, for the test that runs them in order
 * (`readme-commands.e2e.test.ts`). The marker is the fence's info string, so it is visible where the block is
 * edited and invisible on the rendered page (GitHub highlights by the first word only):
 *
 * - ```` ```sh runnable ```` — run it; it must exit 0 (`exit=N`: must exit N, for "break it on purpose").
 * - ```` ```sh runnable server ```` — a command that starts the server and runs until Ctrl-C: started in the
 *   background, the test waits for `/readyz`; stopped (Ctrl-C) when the next `server` block starts.
 * - ```` ```sh runnable background ```` — another long-running command (a proxy, a stream): kept running while the
 *   following blocks run, stopped (Ctrl-C) at the end of its document.
 * - ```` ```text output ```` (any language) — the nearest runnable block above it must print every non-empty line
 *   of this block (each line is looked for in its output, trimmed).
 */
export interface RunnableBlock {
  file: string;
  /** 1-based line of the opening fence, for messages. */
  line: number;
  mode: "run" | "server" | "background";
  expectedExit: number;
  script: string;
  /** Lines the block must print (from a following `output` block), trimmed, non-empty. */
  expectedOutput: string[];
}

const FENCE = /^(\s*)(`{3,})(.*)$/;

/** A shell block without the marker: the test checks that it has a reason not to be run. */
export interface UnmarkedBlock {
  file: string;
  line: number;
  script: string;
}

const SHELL = new Set(["sh", "bash", "shell", "console"]);

/** The runnable blocks of one document, in order; throws on a marker it does not understand. */
export function runnableBlocks(file: string, markdown: string): RunnableBlock[] {
  return parseBlocks(file, markdown).runnable;
}

/** The shell blocks of one document that are not marked runnable. */
export function unmarkedShellBlocks(file: string, markdown: string): UnmarkedBlock[] {
  return parseBlocks(file, markdown).unmarked;
}

function parseBlocks(file: string, markdown: string): { runnable: RunnableBlock[]; unmarked: UnmarkedBlock[] } {
  const lines = markdown.split("\n");
  const blocks: RunnableBlock[] = [];
  const unmarked: UnmarkedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? "");
    if (!open) continue;
    const [, indent = "", ticks = "", info = ""] = open;
    const body: string[] = [];
    let end = i + 1;
    for (; end < lines.length && !(lines[end] ?? "").trimStart().startsWith(ticks); end++) {
      const text = lines[end] ?? "";
      // Blocks inside list items are indented; the commands are not.
      body.push(text.startsWith(indent) ? text.slice(indent.length) : text.trimStart());
    }
    const words = info.trim().split(/\s+/);
    const where = `${file}:${i + 1}`;
    if (words.includes("runnable")) blocks.push(parseRunnable(file, i + 1, words, body.join("\n")));
    else if (SHELL.has(words[0] ?? "")) unmarked.push({ file, line: i + 1, script: body.join("\n") });
    else if (words.includes("output")) {
      const owner = blocks.at(-1);
      if (owner === undefined) throw new Error(`${where}: an output block needs a runnable block above it`);
      owner.expectedOutput.push(...body.map((line) => line.trim()).filter((line) => line !== ""));
    }
    i = end;
  }
  return { runnable: blocks, unmarked };
}

function parseRunnable(file: string, line: number, words: string[], script: string): RunnableBlock {
  const block: RunnableBlock = { file, line, mode: "run", expectedExit: 0, script, expectedOutput: [] };
  for (const word of words.slice(words.indexOf("runnable") + 1)) {
    const exit = /^exit=(\d+)$/.exec(word);
    if (word === "server" || word === "background") block.mode = word;
    else if (exit?.[1] !== undefined) block.expectedExit = Number(exit[1]);
    else throw new Error(`${file}:${line}: unknown runnable option "${word}" (server, background, exit=N)`);
  }
  return block;
}
