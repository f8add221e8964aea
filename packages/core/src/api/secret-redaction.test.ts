import { describe, expect, it } from "vitest";
import { isRedacted, redactSecret } from "./secret-redaction.js";

describe("redactSecret", () => {
  it("shows only the last four characters, and a URL's origin", () => {
    expect(redactSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).toBe("…LaSw");
    expect(redactSecret("https://hooks.slack.com/services/T000/B000/XXXXabcd", "url")).toBe(
      "https://hooks.slack.com/…abcd",
    );
    expect(redactSecret("not a url at all, long enough", "url")).toBe("…ough");
  });

  it("shows nothing of a secret too short to hide behind four characters", () => {
    expect(redactSecret("short-secret")).toBe("…");
  });

  it("tells a redacted value from a secret", () => {
    expect(isRedacted(redactSecret("R0UT1NGKEY0123456789abcdefABCDEF"))).toBe(true);
    expect(isRedacted("R0UT1NGKEY0123456789abcdefABCDEF")).toBe(false);
  });
});
