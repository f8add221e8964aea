/** The role of a personal or admin token. */
export type Role = "admin" | "editor" | "viewer";

/** `GET /me`: who the token belongs to. */
export interface Me {
  name: string;
  kind: string;
  role: Role;
}
