import { describe, expect, it } from "vitest";
import { runnableBlocks, unmarkedShellBlocks } from "./runnable-blocks.js";

const doc = [
  "# Title",
  "```sh runnable server",
  "npm start",
  "```",
  "Prose between a block and its output.",
  "```text output",
  "  Switchboard is running at http://localhost:4242",
  "",
  "```",
  "1. In a list:",
  "",
  "   ```sh runnable exit=1",
  "   npx switchboard eval --flags /tmp/flags.yaml \\",
  "     --contexts -",
  "   ```",
  "```sh",
  "npm ci",
  "```",
  "```json",
  '{"not": "a command"}',
  "```",
  "```sh runnable background",
  "curl -fsSN localhost:4242/api/v1/sdk/stream",
  "```",
].join("\n");

describe("runnable blocks of a Markdown document", () => {
  it("finds the marked blocks in order, with their mode, exit code and expected output", () => {
    expect(runnableBlocks("doc.md", doc)).toEqual([
      {
        file: "doc.md",
        line: 2,
        mode: "server",
        expectedExit: 0,
        script: "npm start",
        expectedOutput: ["Switchboard is running at http://localhost:4242"],
      },
      {
        file: "doc.md",
        line: 12,
        mode: "run",
        expectedExit: 1,
        // A block inside a list item loses the item's indentation, not the continuation's.
        script: "npx switchboard eval --flags /tmp/flags.yaml \\\n  --contexts -",
        expectedOutput: [],
      },
      {
        file: "doc.md",
        line: 22,
        mode: "background",
        expectedExit: 0,
        script: "curl -fsSN localhost:4242/api/v1/sdk/stream",
        expectedOutput: [],
      },
    ]);
  });

  it("lists the shell blocks left unmarked, and ignores other languages", () => {
    expect(unmarkedShellBlocks("doc.md", doc)).toEqual([{ file: "doc.md", line: 16, script: "npm ci" }]);
  });

  it("refuses a marker option it does not know, and an output block with no runnable block above it", () => {
    expect(() => runnableBlocks("a.md", "```sh runnable sever\nnpm start\n```")).toThrow(
      'a.md:1: unknown runnable option "sever"',
    );
    expect(() => runnableBlocks("b.md", "```text output\nhello\n```")).toThrow("b.md:1: an output block needs");
  });
});
