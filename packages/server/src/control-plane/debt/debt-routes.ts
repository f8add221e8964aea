import { type RouteSpec, route } from "../../kernel/index.js";
import type { DebtService } from "./debt-service.js";
import { DebtQuerySchema } from "./debt-service.js";

/** The debt board. */
export function debtRoutes({ debt }: { debt: DebtService }): RouteSpec[] {
  return [
    route({
      method: "GET",
      url: "/debt",
      role: "viewer",
      tag: "debt",
      summary:
        "Debt candidates (one variation for N days in the rules or in traffic, no activity, dangling, orphan), oldest first, and weekly totals",
      query: DebtQuerySchema,
      response: { status: 200, description: "The debt board." },
      handler: async ({ query }) => ({ body: await debt.board(query) }),
    }),
  ];
}
