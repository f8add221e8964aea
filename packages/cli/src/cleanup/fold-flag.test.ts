import { describe, expect, it } from "vitest";
import { foldFlag } from "./fold-flag.js";
import { removeNewlyUnused } from "./remove-unused.js";

const matcher = {
  flag: "new-checkout",
  constantNames: new Set(["NEW_CHECKOUT", "Flag.NewCheckout"]),
  functions: new Set(["useFlag"]),
};

function clean(before: string, value: unknown, file = "a.ts"): string {
  const folded = foldFlag(file, before, { ...matcher, value });
  return removeNewlyUnused(file, before, folded.text);
}

// Each shape: the code before, and after the cleanup keeping the flag on (and off where it differs).
const SHAPES: { name: string; before: string; on: string; off?: string; file?: string }[] = [
  {
    name: "if / else",
    before: `function f() {\n  if (flags.isOn("new-checkout")) {\n    a();\n    b();\n  } else {\n    c();\n  }\n}\n`,
    on: `function f() {\n  a();\n  b();\n}\n`,
    off: `function f() {\n  c();\n}\n`,
  },
  {
    name: "if without else",
    before: `start();\nif (flags.isOn("new-checkout")) {\n  track();\n}\nend();\n`,
    on: `start();\ntrack();\nend();\n`,
    off: `start();\nend();\n`,
  },
  {
    name: "else-if chain",
    before: `if (a) {\n  x();\n} else if (flags.isOn("new-checkout")) {\n  y();\n} else {\n  z();\n}\n`,
    on: `if (a) {\n  x();\n} else {\n  y();\n}\n`,
    off: `if (a) {\n  x();\n} else {\n  z();\n}\n`,
  },
  {
    name: "ternary",
    before: `const label = flags.isOn("new-checkout") ? "Pay now" : "Buy";\n`,
    on: `const label = "Pay now";\n`,
    off: `const label = "Buy";\n`,
  },
  {
    name: "&& chain",
    before: `const show = flags.isOn("new-checkout") && user.loggedIn && !user.blocked;\n`,
    on: `const show = user.loggedIn && !user.blocked;\n`,
    off: `const show = false;\n`,
  },
  {
    name: "|| with a negation in a condition",
    before: `if (user.beta || !flags.isOn("new-checkout")) {\n  classic();\n}\n`,
    on: `if (user.beta) {\n  classic();\n}\n`,
    off: `classic();\n`,
  },
  {
    name: "early return",
    before: `function d(t: number) {\n  if (!flags.isOn("new-checkout")) {\n    return old(t);\n  }\n  return t * 0.9;\n}\n`,
    on: `function d(t: number) {\n  return t * 0.9;\n}\n`,
    off: `function d(t: number) {\n  return old(t);\n}\n`,
  },
  {
    name: "variable and constant key; the import goes",
    before: `import { NEW_CHECKOUT } from "./keys";\nimport { flags } from "./flags";\n\nexport function s() {\n  const on = flags.isOn(NEW_CHECKOUT);\n  return on ? 2 : 1;\n}\n`,
    on: `export function s() {\n  return 2;\n}\n`,
  },
  {
    name: "enum key and value()",
    before: `const size = flags.value(Flag.NewCheckout, 10) === 20 ? "big" : "small";\n`,
    on: `const size = "small";\n`,
  },
  {
    name: "dead helper and its import go",
    before: `import { flags } from "./flags";\nimport { oldPrice } from "./old";\n\nfunction legacy() {\n  return oldPrice();\n}\n\nexport const price = () => (flags.isOn("new-checkout") ? 1 : legacy());\n`,
    on: `export const price = () => 1;\n`,
  },
  {
    name: "JSX: {flag && <New/>} and an application helper",
    file: "a.tsx",
    before: `export const Page = () => (\n  <main>\n    {useFlag("new-checkout") && <NewCheckout />}\n    <Footer />\n  </main>\n);\n`,
    on: `export const Page = () => (\n  <main>\n    <NewCheckout />\n    <Footer />\n  </main>\n);\n`,
  },
];

describe("foldFlag: each shape before and after", () => {
  it.each(SHAPES)("$name", ({ before, on, off, file }) => {
    expect(clean(before, true, file)).toBe(on);
    if (off !== undefined) expect(clean(before, false, file)).toBe(off);
  });

  it("leaves code without the flag, and other flags, untouched", () => {
    const text = `// flags.isOn("new-checkout") in a comment\nif (flags.isOn("other")) {\n  a();\n}\nconst x = true ? 1 : 2;\n`;
    const folded = foldFlag("a.ts", text, { ...matcher, value: true });
    expect(folded.changed).toBe(false);
    expect(folded.text).toBe(text);
  });

  it("reports the calls it cannot inline (details) instead of guessing", () => {
    const folded = foldFlag("a.ts", `const d = client.getBooleanDetails("new-checkout", false);\n`, {
      ...matcher,
      value: true,
    });
    expect(folded.changed).toBe(false);
    expect(folded.left).toEqual([{ line: 1, text: 'client.getBooleanDetails("new-checkout", false)' }]);
  });
});
