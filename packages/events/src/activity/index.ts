// Flag activity: the last evaluation or exposure of each flag, for the debt board.
export * from "./flag-activity-reader.js";
