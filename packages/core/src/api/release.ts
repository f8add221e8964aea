/** A build of the application, named by its git sha, deployed to an environment. */
export interface Release {
  id: number;
  sha: string;
  environment: string;
  deployedAt: string;
  createdAt: string;
}
