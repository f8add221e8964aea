import { describe, expect, test } from "vitest";
import cases from "../../conformance/growthbook/cases.json" with { type: "json" };
import { decryptPayloadPart } from "./decrypt.js";

type DecryptCase = [name: string, encrypted: string, key: string, expected: string | null];

const decryptCases = cases.decrypt as DecryptCase[];

describe("decryptPayloadPart on GrowthBook's decrypt cases", () => {
  test("the suite holds all 10 cases", () => {
    expect(decryptCases).toHaveLength(10);
  });

  test.each(decryptCases)("%s", async (_name, encrypted, key, expected) => {
    if (expected === null) {
      await expect(decryptPayloadPart(encrypted, key)).rejects.toThrow(Error);
    } else {
      await expect(decryptPayloadPart(encrypted, key)).resolves.toBe(expected);
    }
  });
});

describe("decryptPayloadPart errors", () => {
  const [, encrypted = "", key = ""] = decryptCases[0] ?? [];

  test("a payload without the iv separator is rejected as malformed", async () => {
    await expect(decryptPayloadPart(encrypted.replace(".", ""), key)).rejects.toThrow(/<iv>\.<ciphertext>/);
  });

  test("a key of the wrong length is rejected before any decryption is attempted", async () => {
    await expect(decryptPayloadPart(encrypted, "AAAA")).rejects.toThrow(/16, 24 or 32 bytes/);
  });

  test("a key with characters outside base64 is rejected as not base64", async () => {
    await expect(decryptPayloadPart(encrypted, "Zvwv/%!(pFDznZ6SX39Yjg==")).rejects.toThrow(/not valid base64/);
  });

  test("a wrong key fails with a message that names the likely cause", async () => {
    await expect(decryptPayloadPart(encrypted, "Zvwv/+uhpFDznZ6SX39Yjg==")).rejects.toThrow(/wrong key/);
  });
});
