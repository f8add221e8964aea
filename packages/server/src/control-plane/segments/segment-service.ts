import { Type } from "@sinclair/typebox";
import { type Segment, SegmentSchema } from "@switchboard/core";
import { AppError, changeInput, type ReasonPolicy, requireReason, type WriteContext } from "../../kernel/index.js";
import type { DocumentStore, DocumentWrite } from "../../store/index.js";
import { NamedDocumentService, NameField } from "../documents/index.js";
import { describeUsers, findSegmentUsers } from "../flags/index.js";
import type { ServiceDeps } from "../service-deps.js";

/** The body of `POST /segments`: a condition or id-list segment and its name. */
export const CreateSegmentSchema = Type.Union(
  SegmentSchema.anyOf.map((variant) =>
    Type.Object({ name: NameField, ...variant.properties }, { additionalProperties: false }),
  ),
);

/** Segments: named conditions or id lists (up to 100,000 ids) that flag rules refer to. */
export class SegmentService extends NamedDocumentService<Segment> {
  constructor(
    store: DocumentStore,
    private readonly policy: ReasonPolicy,
  ) {
    super(store, "segment", "segments");
  }

  /** Archives a segment; refused while a flag's rule uses it. */
  async archive(
    name: string,
    expectedVersion: number | undefined,
    context: WriteContext,
  ): Promise<DocumentWrite<Segment>> {
    const current = await this.get(name);
    const users = await findSegmentUsers(this.store, name);
    if (users.length > 0) throw new AppError("UNPROCESSABLE", `Segment "${name}" is used by ${describeUsers(users)}.`);
    const change = changeInput(context, "segment.archive");
    const version = expectedVersion ?? current.version;
    return this.store.replaceDocument("segment", name, version, current.body, change, { archived: true });
  }

  protected override async beforeWrite(name: string, context: WriteContext): Promise<void> {
    const users = await findSegmentUsers(this.store, name);
    requireReason(
      this.policy,
      context,
      users.map((user) => user.environment),
    );
  }
}

/** Builds the segment service from the control plane's dependencies (what the composition root calls). */
export function createSegmentService({
  store,
  config,
}: Pick<ServiceDeps<DocumentStore>, "store" | "config">): SegmentService {
  return new SegmentService(store, config);
}
