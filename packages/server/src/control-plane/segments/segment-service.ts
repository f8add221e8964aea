import { Type } from "@sinclair/typebox";
import { type Segment, SegmentSchema } from "@switchboard/core";
import {
  AppError,
  type ChangeGate,
  changeInput,
  type DraftBody,
  type HeldChange,
  type ReasonPolicy,
  requireReason,
  type WriteContext,
} from "../../kernel/index.js";
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
    private readonly gate?: ChangeGate,
  ) {
    super(store, "segment", "segments");
  }

  /**
   * Replaces a segment (what `PUT /segments/:name` calls). An editor's change to a segment a flag uses in a
   * protected environment is held as a change request instead, applied at the version it was computed from.
   */
  async replace(
    name: string,
    input: DraftBody,
    expectedVersion: number | undefined,
    context: WriteContext,
  ): Promise<DocumentWrite<Segment> | HeldChange> {
    if (this.gate !== undefined && expectedVersion !== undefined) {
      const current = await this.get(name);
      const body = this.check(name, input);
      const users = await findSegmentUsers(this.store, name);
      const protectedOnes = this.gate.protectedFor(
        context,
        users.map((user) => user.environment),
      );
      if (protectedOnes.length > 0 && !current.archived) {
        if (current.version !== expectedVersion)
          throw new AppError(
            "CONFLICT",
            `Segment "${name}" is at version ${current.version}, not ${expectedVersion}; read it again.`,
          );
        await this.beforeWrite(name, context);
        const proposed = [{ key: name, expectedVersion, before: current.body, after: body }];
        return this.gate.propose([], protectedOnes, context, `update segment ${name}`, proposed);
      }
    }
    return this.update(name, input, expectedVersion, context);
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
export function createSegmentService(
  { store, config }: Pick<ServiceDeps<DocumentStore>, "store" | "config">,
  gate?: ChangeGate,
): SegmentService {
  return new SegmentService(store, config, gate);
}
