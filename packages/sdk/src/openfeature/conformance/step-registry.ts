import type { GherkinStep } from "./gherkin-parser.js";

/** What a step definition receives: the regex groups, then the step's data table (empty when it has none). */
export type StepRun<W> = (world: W, groups: string[], table: string[][]) => void | Promise<void>;

interface StepDefinition<W> {
  pattern: RegExp;
  run: StepRun<W>;
}

/** Step definitions matched by regular expression against a step's text, as cucumber does. */
export class StepRegistry<W> {
  readonly #definitions: StepDefinition<W>[] = [];

  /** Adds a definition; the pattern must match the whole step text. */
  define(pattern: RegExp, run: StepRun<W>): this {
    this.#definitions.push({ pattern: new RegExp(`^${pattern.source}$`, pattern.flags), run });
    return this;
  }

  /** Runs one step; throws when no definition or more than one matches, or when the step fails. */
  async run(world: W, step: GherkinStep): Promise<void> {
    const matches = this.#definitions.flatMap((definition) => {
      const match = definition.pattern.exec(step.text);
      return match === null ? [] : [{ definition, groups: match.slice(1).map((group) => group ?? "") }];
    });
    const [first, second] = matches;
    if (first === undefined) throw new Error(`undefined step (line ${step.line}): ${step.keyword} ${step.text}`);
    if (second !== undefined) throw new Error(`ambiguous step (line ${step.line}): ${step.text}`);
    await first.definition.run(world, first.groups, step.table ?? []);
  }
}
