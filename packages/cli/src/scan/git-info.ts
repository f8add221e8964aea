import { execFileSync } from "node:child_process";

/** Where a scan came from: the repository, branch and commit (CI variables first, then git itself). */
export interface GitInfo {
  repository?: string;
  branch?: string;
  commit?: string;
}

function git(root: string, args: string[]): string | undefined {
  try {
    const out = execFileSync("git", ["-C", root, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** `git@github.com:acme/shop.git` and `https://github.com/acme/shop.git` both become `github.com/acme/shop`. */
export function repositoryName(remote: string): string {
  return remote
    .trim()
    .replace(/^[a-z+]+:\/\//, "")
    .replace(/^[^@/]+@/, "")
    .replace(/^([^/:]+):(?!\d)/, "$1/")
    .replace(/\.git$/, "");
}

/** The repository, branch and commit of `root`, from CI variables (GitHub, GitLab) or git. */
export function gitInfo(root: string, env: NodeJS.ProcessEnv = process.env): GitInfo {
  const remote = git(root, ["config", "--get", "remote.origin.url"]);
  const github = env["GITHUB_REPOSITORY"] === undefined ? undefined : `github.com/${env["GITHUB_REPOSITORY"]}`;
  const repository = github ?? env["CI_PROJECT_PATH"] ?? (remote === undefined ? undefined : repositoryName(remote));
  const headBranch = git(root, ["rev-parse", "--abbrev-ref", "HEAD"]);
  const branch =
    env["GITHUB_HEAD_REF"] ||
    env["GITHUB_REF_NAME"] ||
    env["CI_COMMIT_REF_NAME"] ||
    (headBranch === "HEAD" ? undefined : headBranch);
  const commit = env["GITHUB_SHA"] ?? env["CI_COMMIT_SHA"] ?? git(root, ["rev-parse", "HEAD"]);
  return {
    ...(repository === undefined ? {} : { repository }),
    ...(branch === undefined ? {} : { branch }),
    ...(commit === undefined ? {} : { commit }),
  };
}
