/**
 * The role of a personal or admin token. `support` stands apart from the ladder viewer < editor < admin: it reads
 * the customer lookup (and mints, lists and revokes its previews) and nothing else.
 */
export type Role = "admin" | "editor" | "viewer" | "support";

/** `GET /me`: who the token belongs to. */
export interface Me {
  name: string;
  kind: string;
  role: Role;
}
