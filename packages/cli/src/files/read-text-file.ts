import { readFile } from "node:fs/promises";
import { usageError } from "../cli-error.js";

/** Reads a whole UTF-8 file, turning "no such file" and friends into a usage error that names the file. */
export async function readTextFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(error);
    throw usageError(`cannot read ${what} ${path}: ${reason}`);
  }
}
