/** The environments events may be sent to (the server answers from its config store). */
export interface EnvironmentDirectory {
  /** Whether `name` is an environment that exists and is not archived. */
  isOpen(name: string): Promise<boolean>;
  /** The names of every environment, for the message that lists the known ones. */
  names(): Promise<string[]>;
}
