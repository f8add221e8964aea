import type { Writable } from "node:stream";
import { type Explanation, explainFlag } from "@switchboard/core";
import { loadFlagSource } from "../eval/load-flag-source.js";
import { readContexts } from "../eval/read-contexts.js";

export interface DemoOptions {
  flags: string;
  contexts: string;
  env: string;
  /** The paths as the reader should type them (relative to the working directory). */
  shownFlags: string;
  shownContexts: string;
  out: Writable;
}

/** Evaluates every example flag for every example user and prints, per answer, the rule that decided it. */
export async function runDemo(options: DemoOptions): Promise<void> {
  const { evaluator } = await loadFlagSource(options.flags, { environment: options.env });
  const say = (text = "") => options.out.write(`${text}\n`);
  say(`Switchboard demo: the flag set ${options.shownFlags} (environment "${options.env}")`);
  say(`evaluated locally for each user of ${options.shownContexts}, exactly as an SDK would.\n`);
  for await (const entry of readContexts(options.contexts)) {
    if (!entry.attributes) continue;
    say(`user ${JSON.stringify(entry.attributes)}`);
    for (const flag of evaluator.flagKeys) {
      const explanation = explainFlag(evaluator, flag, { attributes: entry.attributes });
      say(`  ${flag.padEnd(22)} ${formatValue(explanation).padEnd(12)} ${why(explanation)}`);
    }
    say();
  }
  say("Try it yourself:");
  say(`  npx switchboard eval --flags ${options.shownFlags} --contexts ${options.shownContexts}`);
  say(`  npx switchboard eval --flags ${options.shownFlags} --contexts ${options.shownContexts} --explain`);
  say("  npx switchboard --help");
}

function formatValue({ result }: Explanation): string {
  return `${result.variationKey ?? JSON.stringify(result.value)}`;
}

function why({ result, rules }: Explanation): string {
  const decided = rules.find((rule) => rule.matched);
  if (decided) return `rule "${decided.id}": ${decided.reason}`;
  if (result.reason === "DISABLED") return "flag is off in this environment (kill switch): default served";
  const lastMiss = rules.at(-1);
  return lastMiss ? `no rule matched (last: ${lastMiss.reason}); default served` : "no rules: default served";
}
