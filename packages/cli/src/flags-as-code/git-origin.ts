import { execFile } from "node:child_process";
import { dirname } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The commit a file was read at: its sha, author and subject, and whether the work tree had uncommitted changes. */
export interface GitOrigin {
  sha: string;
  author: string;
  subject: string;
  dirty: boolean;
}

/** The git commit of the repository holding `file`, or `undefined` outside a repository or without git. */
export async function gitOriginOf(file: string): Promise<GitOrigin | undefined> {
  const cwd = dirname(file);
  try {
    const { stdout } = await run("git", ["log", "-1", "--format=%H%n%an <%ae>%n%s"], { cwd });
    const [sha, author, subject] = stdout.trimEnd().split("\n");
    if (sha === undefined || sha === "") return undefined;
    const status = await run("git", ["status", "--porcelain", "--", "."], { cwd });
    return { sha, author: author ?? "", subject: subject ?? "", dirty: status.stdout.trim() !== "" };
  } catch {
    return undefined;
  }
}

/** The audit-log reason of an apply: the person's words, then where the files came from. */
export function applyReason(given: string | undefined, origin: GitOrigin | undefined): string {
  const from =
    origin === undefined
      ? "flags apply from files outside git"
      : `flags apply from commit ${origin.sha.slice(0, 12)} by ${origin.author}: ${origin.subject}${origin.dirty ? " (with uncommitted changes)" : ""}`;
  const text = given === undefined || given.trim() === "" ? from : `${given.trim()} (${from})`;
  // The server keeps reasons up to 500 characters.
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}
