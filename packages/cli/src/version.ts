/** The version of the `switchboard` command, kept equal to the package version. */
export const CLI_VERSION = "0.1.0";
