/** The built-in data plane has no such service or pool (the default of `BuiltinTrafficBackendOptions.notFound`). */
export class DataPlaneNotFoundError extends Error {
  override readonly name = "DataPlaneNotFoundError";
}
