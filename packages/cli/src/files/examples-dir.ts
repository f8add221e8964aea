import { fileURLToPath } from "node:url";

/** The folder of example files shipped with the CLI (`packages/cli/examples`), from source or from `dist`. */
export function examplesDir(): string {
  return fileURLToPath(new URL("../../examples/", import.meta.url));
}
