import { Type } from "@sinclair/typebox";
import { type RouteSpec, route } from "../../kernel/index.js";
import { ListResponse, listOutput, ScheduleResponse } from "../response-schemas.js";
import type { ScheduleService } from "./schedule-service.js";
import { ScheduleInputSchema } from "./schedule-service.js";

const ListSchedulesQuerySchema = Type.Object(
  {
    status: Type.Optional(
      Type.Union([
        Type.Literal("pending"),
        Type.Literal("running"),
        Type.Literal("done"),
        Type.Literal("failed"),
        Type.Literal("cancelled"),
      ]),
    ),
  },
  { additionalProperties: false },
);

const CancelQuerySchema = Type.Object(
  { wholePlan: Type.Optional(Type.Boolean({ description: "Cancel every pending step of the schedule's plan." })) },
  { additionalProperties: false },
);

/** Scheduled activations and ramp plans of a flag. */
export function scheduleRoutes({ schedules }: { schedules: ScheduleService }): RouteSpec[] {
  return [
    route({
      method: "GET",
      url: "/flags/:key/schedules",
      role: "viewer",
      tag: "schedules",
      summary: "List the schedules of a flag, soonest first",
      query: ListSchedulesQuerySchema,
      response: { status: 200, description: "The schedules.", schema: ListResponse(ScheduleResponse) },
      handler: async ({ params, query }) => {
        const { status } = query;
        return listOutput(await schedules.list(params["key"] ?? "", status));
      },
    }),
    route({
      method: "POST",
      url: "/flags/:key/schedules",
      role: "editor",
      tag: "schedules",
      summary: "Schedule an activation (at + action) or a ramp plan (steps of percent and at)",
      body: ScheduleInputSchema,
      response: { status: 201, description: "The created schedules.", schema: ListResponse(ScheduleResponse) },
      handler: async ({ params, body, context }) =>
        listOutput(await schedules.schedule(params["key"] ?? "", body, context)),
    }),
    route({
      method: "DELETE",
      url: "/schedules/:id",
      role: "editor",
      tag: "schedules",
      summary: "Cancel a pending schedule (or its whole plan)",
      query: CancelQuerySchema,
      response: { status: 200, description: "The cancelled schedules.", schema: ListResponse(ScheduleResponse) },
      handler: async ({ params, query, context }) => {
        const { wholePlan } = query;
        return listOutput(await schedules.cancel(params["id"] ?? "", wholePlan === true, context));
      },
    }),
  ];
}
