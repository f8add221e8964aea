import { Type } from "@sinclair/typebox";
import { heldOutput, isHeld, type RouteSpec, route } from "../../kernel/index.js";
import { ChangeSetSchema, LooseChangeSetSchema } from "./apply-flag-set.js";
import type { FlagSetService } from "./flag-set-service.js";

const Applied = Type.Object({
  applied: Type.Array(
    Type.Object({
      key: Type.String(),
      action: Type.Union(
        ["flag.create", "flag.update", "flag.archive", "segment.create", "segment.update", "segment.archive"].map((a) =>
          Type.Literal(a),
        ),
      ),
      version: Type.Integer({ minimum: 1 }),
    }),
  ),
});

/** Flag sets kept as code: a planned change set applied all or nothing. */
export function flagSetRoutes({ flagSets }: { flagSets: FlagSetService }): RouteSpec[] {
  return [
    route({
      method: "POST",
      url: "/flag-sets/apply",
      role: "editor",
      tag: "flags",
      summary:
        "Apply a change set (flags and segments to create, replace or archive, each at the version it was planned against), all or nothing",
      body: LooseChangeSetSchema,
      documentedBody: ChangeSetSchema,
      response: { status: 200, description: "What each entry did, in order.", schema: Applied },
      handler: async ({ body, context }) => {
        const result = await flagSets.apply(body, context);
        return isHeld(result) ? heldOutput(result) : { body: { applied: result } };
      },
    }),
  ];
}
